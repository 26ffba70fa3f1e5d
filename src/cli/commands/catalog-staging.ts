/** What every catalog import does before it writes: refuse a file from the future, and load the edited catalog. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { loadCatalog, PRICES_DIR } from "../../load/catalog.js";
import { isDirectory, readText } from "../../load/files.js";
import { HostfitError } from "../../schema/errors.js";
import { makeFolder } from "../output.js";

// An offer file dated after today would make every later import skip its rows as older than the catalog's.
export function refuseFutureOffer(publicationDate: string, file: string): void {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (publicationDate <= tomorrow) return;
  throw new HostfitError("invalid-input", [
    {
      code: "invalid-offer-file",
      path: "publicationDate",
      file,
      message: `the offer file is dated ${publicationDate}, after today`,
      hint: "pass the unedited index.json of the AmazonSageMaker offer (AWS Price List bulk API)",
    },
  ]);
}

// Loads the catalog as it would be after the edits, from a copy of its folder, so that nothing is written unless
// the whole catalog still loads.
export function checkStagedCatalog(
  dir: string,
  edits: readonly { readonly path: string; readonly text: string }[],
): void {
  if (edits.length === 0) return;
  const staged = mkdtempSync(join(tmpdir(), "hostfit-catalog-"));
  try {
    for (const name of ["catalog.yaml", "devices.yaml", "instances.yaml"])
      writeFileSync(join(staged, name), readText(join(dir, name)));
    // The Regions' prices files too, and the edits at their places relative to the catalog folder.
    const prices = join(dir, PRICES_DIR);
    if (isDirectory(prices)) {
      mkdirSync(join(staged, PRICES_DIR));
      for (const name of readdirSync(prices).filter((n) => n.endsWith(".yaml")))
        writeFileSync(join(staged, PRICES_DIR, name), readText(join(prices, name)));
    }
    for (const edit of edits) {
      const at = join(staged, relative(dir, edit.path));
      makeFolder(dirname(at));
      writeFileSync(at, edit.text);
    }
    loadCatalog(staged);
  } catch (error) {
    if (!(error instanceof HostfitError)) throw error;
    // Issues name the staged copy; the files they are about are the catalog's own.
    throw new HostfitError(
      error.code,
      error.issues.map((issue) => (issue.file ? { ...issue, file: join(dir, relative(staged, issue.file)) } : issue)),
    );
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}
