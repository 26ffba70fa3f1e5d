/**
 * `hostfit completion bash|zsh|fish`: a completion script for the shell, generated from the command and flag
 * tables (cli/flags.ts), so that it completes exactly what the parser accepts.
 */
import { suggest } from "../load/suggest.js";
import { UsageError, type Args } from "./args.js";
import { EXIT } from "./exit-codes.js";
import { COMMAND_SPECS, COMMANDS, COMMON_FLAGS, FLAGS, SHELLS, flagValues, type FlagSpec } from "./flags.js";
import type { Io } from "./io.js";

const words = (xs: readonly string[]) => xs.join(" ");

// Per command: its flags, and the values of those that take a fixed set.
function commandsTable() {
  return COMMANDS.map((command) => {
    const spec = COMMAND_SPECS[command];
    const flags = [...spec.flags, ...COMMON_FLAGS];
    return {
      command,
      flags,
      argumentValues: spec.argumentValues,
      valued: flags.flatMap((flag) => {
        const values = flagValues(command, flag);
        return values ? [{ flag, values }] : [];
      }),
    };
  });
}

const PATH_FLAGS = Object.entries(FLAGS)
  .filter(([, spec]) => (spec as FlagSpec).path)
  .map(([name]) => `--${name}`);

/** Bash (zsh runs it through bashcompinit): commands first, then each command's flags, values and files. */
export function bashCompletion(): string {
  const cases = commandsTable().map(({ command, flags, argumentValues, valued }) => {
    const values = valued.map(
      ({ flag, values: v }) => `      --${flag}) COMPREPLY=($(compgen -W "${words(v)}" -- "$cur")); return ;;`,
    );
    return [
      `    ${command})`,
      `      flags="${words(flags.map((f) => `--${f}`))}"`,
      `      arguments="${words(argumentValues ?? [])}"`,
      `      case "$prev" in`,
      ...values,
      `      esac ;;`,
    ].join("\n");
  });
  return `# hostfit completion for bash (and zsh, through bashcompinit)
_hostfit() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" flags="" arguments=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${words(COMMANDS)} --help --version" -- "$cur"))
    return
  fi
  case "$prev" in
    ${PATH_FLAGS.join("|")}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [ -n "$arguments" ]; then
    COMPREPLY=($(compgen -W "$arguments" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _hostfit hostfit
`;
}

/** Fish: one `complete` line per command, flag and value set. */
export function fishCompletion(): string {
  const quote = (text: string) => `'${text.replace(/'/g, "\\'")}'`;
  const lines = ["# hostfit completion for fish", "complete -c hostfit -f"];
  for (const command of COMMANDS)
    lines.push(
      `complete -c hostfit -n __fish_use_subcommand -a ${command} -d ${quote(COMMAND_SPECS[command].summary)}`,
    );
  for (const { command, flags, argumentValues } of commandsTable()) {
    const when = `-n '__fish_seen_subcommand_from ${command}'`;
    if (argumentValues) lines.push(`complete -c hostfit ${when} -a ${quote(words(argumentValues))}`);
    else lines.push(`complete -c hostfit ${when} -F`);
    for (const flag of flags) {
      const spec: FlagSpec = FLAGS[flag];
      const values = flagValues(command, flag);
      const takes =
        spec.type === "boolean" ? "" : values ? ` -x -a ${quote(words(values))}` : spec.path ? " -r -F" : " -x";
      const short = spec.short ? ` -s ${spec.short}` : "";
      lines.push(`complete -c hostfit ${when} -l ${flag}${short}${takes} -d ${quote(spec.description)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `hostfit completion <shell>`. */
export function completionCommand(args: Args, io: Io): number {
  const shell = args.positionals[0];
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell))
    throw new UsageError(
      shell === undefined
        ? `completion needs a shell: ${SHELLS.join(", ")}`
        : `unknown shell "${shell}": ${suggest(shell, SHELLS)}`,
    );
  const zsh =
    "# zsh runs the bash completion through bashcompinit\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n";
  io.stdout(shell === "fish" ? fishCompletion() : shell === "zsh" ? zsh + bashCompletion() : bashCompletion());
  return EXIT.ok;
}
