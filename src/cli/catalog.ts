import { loadCatalog } from "../load/catalog.js";
import { formatJson } from "../format/json.js";
import type { Args } from "./args.js";
import { UsageError } from "./args.js";
import { EXIT } from "./exit-codes.js";
import type { Io } from "./main.js";

/** `hostfit catalog list|check`: the instance table, or the entries whose price is unconfirmed. */
export function catalogCommand(args: Args, io: Io, emit: (text: string, args: Args, io: Io) => void): number {
  const catalog = loadCatalog(args.catalog);
  const sub = args.positionals[0] ?? "list";
  if (sub === "list") {
    const rows = catalog.instances.map((i) => ({
      instanceType: i.instanceType,
      vcpus: i.vcpus,
      memoryGiB: i.memoryGiB,
      accelerator: i.accelerator ? `${i.accelerator.count} x ${i.accelerator.device}` : null,
      hourlyUsd: i.hourlyUsd,
      priceAsOf: i.priceAsOf,
      priceConfirmed: i.priceConfirmed,
      options: i.options,
    }));
    emit(formatJson({ catalog: { id: catalog.id, asOf: catalog.asOf, region: catalog.region }, instances: rows }), args, io);
    return EXIT.ok;
  }
  if (sub === "check") {
    const unconfirmed = catalog.instances.filter((i) => !i.priceConfirmed).map((i) => ({ instanceType: i.instanceType, hourlyUsd: i.hourlyUsd, priceAsOf: i.priceAsOf, note: i.priceNote ?? "" }));
    for (const u of unconfirmed) io.stderr(`! ${u.instanceType}: price ${u.hourlyUsd} USD/h unconfirmed (${u.priceAsOf})\n`);
    emit(formatJson({ catalog: { id: catalog.id, asOf: catalog.asOf }, unconfirmedPrices: unconfirmed }), args, io);
    return unconfirmed.length > 0 ? EXIT.someFailed : EXIT.ok;
  }
  throw new UsageError(`unknown catalog command "${sub}": expected list or check`);
}
