/**
 * A fast reader for the plain block-style YAML that workload, rules and catalog files are written in: block
 * mappings and sequences indented with spaces, one-line plain and quoted scalars, one-line flow collections, and
 * comments. It resolves plain scalars by the YAML 1.2 core schema, as the `yaml` package does by default, and
 * builds nothing but the values. Anything else (anchors, aliases, tags, block or multi-line scalars, documents
 * markers, directives, tabs anywhere, duplicate keys, odd keys, malformed text) makes it give up and return
 * undefined, so the caller reads the text with the full parser, which also reports what is wrong. It never reads a text
 * differently from the full parser: the tests compare the two on generated and mutated documents.
 */

/** Thrown to give up; caught once at the top. */
const GIVE_UP = Symbol("give up");

interface Line {
  indent: number;
  /** The line from its first non-space character, without a trailing `\r`. */
  text: string;
}

// Characters that cannot start a plain scalar (YAML 1.2 c-indicator), except - ? : which may when a
// non-space follows.
const INDICATOR = new Set(["[", "]", "{", "}", ",", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`"]);
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// The core schema's plain scalars, in the order the yaml package tries its tags.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// Plain scalars that are certainly strings: nothing a core-schema tag could match starts this way.
const SURELY_STRING = /^[A-Za-z_/][^:#]*$/;

function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit for words: only null, true/false and .inf/.nan forms start with a letter or dot among the tags.
  if (SURELY_STRING.test(s) && !NULL.test(s) && !BOOL.test(s)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return c === 116 || c === 84; // t or T
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) return parseInt(s, 10);
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A quoted scalar starting at `text[start]`; returns the value and the index after the closing quote. */
function quoted(text: string, start: number): [string, number] {
  const quote = text[start];
  let out = "";
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw GIVE_UP; // runs on past the line: a multi-line scalar
    const ch = text[i]!;
    if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    if (quote === '"' && ch === "\\") {
      const e = text[i + 1];
      if (e === undefined) throw GIVE_UP;
      const digits = HEX_DIGITS[e];
      if (digits !== undefined) {
        const hex = text.slice(i + 2, i + 2 + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) throw GIVE_UP;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw GIVE_UP;
        out += String.fromCodePoint(code);
        i += 2 + digits;
        continue;
      }
      const escaped = ESCAPES[e];
      if (escaped === undefined) throw GIVE_UP;
      out += escaped;
      i += 2;
      continue;
    }
    const code = ch.charCodeAt(0);
    // Control characters are the full parser's to judge.
    if (code < 0x20) throw GIVE_UP;
    out += ch;
    i++;
  }
}

/** Only spaces and perhaps a comment may follow a value on its line. */
function expectEnd(text: string, from: number): void {
  let i = from;
  while (text[i] === " ") i++;
  if (i < text.length && !(text[i] === "#" && i > from)) throw GIVE_UP;
}

/** A plain scalar in block context: the text up to a comment, trailing spaces trimmed. */
function blockPlain(text: string): string {
  const first = text[0]!;
  if (
    INDICATOR.has(first) ||
    ((first === "-" || first === "?" || first === ":") && (text.length === 1 || text[1] === " "))
  )
    throw GIVE_UP;
  let end = text.length;
  const comment = text.indexOf(" #");
  if (comment >= 0) end = comment;
  const value = text.slice(0, end).trimEnd();
  // ": " inside would be a nested mapping, and a trailing colon is the full parser's to judge.
  if (value.includes(": ") || value.endsWith(":")) throw GIVE_UP;
  return value;
}

/**
 * The text's content lines, read one at a time: only the current one is kept, so a large file's lines die young
 * instead of all living (and being copied by the garbage collector) until the whole document is read.
 */
interface Reader {
  readonly text: string;
  /** Where the next unread line starts. */
  next: number;
  /** The current content line; undefined past the end. */
  line: Line | undefined;
  readonly maxDepth: number;
  /** Whether a content line has been read: a `---` document start may come only before any. */
  begun: boolean;
}

// A document start or end marker alone on its line, a comment allowed after it.
const DOCUMENT_START = /^---(?: +(?:#.*)?)?$/;
const DOCUMENT_END = /^\.\.\.(?: +(?:#.*)?)?$/;

// Whether only blank lines and comments follow `from`.
function restIsBlank(text: string, from: number): boolean {
  for (const line of text.slice(from).split("\n")) {
    const t = line.replace(/^ +/, "");
    if (t !== "" && t !== "\r" && !t.startsWith("#")) return false;
  }
  return true;
}

/** Moves to the next line that is not blank or a comment; gives up on what only the full parser reads. */
function advance(r: Reader): void {
  const text = r.text;
  while (r.next < text.length) {
    const start = r.next;
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    // A carriage return ends a line only before a line feed; at the very end of the text it is content.
    const lineEnd = end < text.length && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    let first = start;
    while (first < lineEnd && text.charCodeAt(first) === 32) first++;
    r.next = end + 1;
    if (first === lineEnd || text.charCodeAt(first) === 35) continue; // blank or a comment
    const content = text.slice(first, lineEnd);
    const indent = first - start;
    // Tabs (whitespace in some places, content in others), stray carriage returns, document markers and
    // directives are the full parser's.
    if (content.includes("\t") || content.includes("\r")) throw GIVE_UP;
    // One document: a leading `---` and a closing `...` are read (files written by tools start with one); any
    // other marker, and directives, are the full parser's.
    if (indent === 0 && content.startsWith("---")) {
      if (!r.begun && DOCUMENT_START.test(content)) {
        r.begun = true;
        continue;
      }
      throw GIVE_UP;
    }
    if (indent === 0 && content.startsWith("...")) {
      if (DOCUMENT_END.test(content) && restIsBlank(text, r.next)) {
        r.next = text.length;
        break;
      }
      throw GIVE_UP;
    }
    if (indent === 0 && content[0] === "%") throw GIVE_UP;
    r.begun = true;
    r.line = { indent, text: content };
    return;
  }
  r.line = undefined;
}

/** One line's value after `key:` or `- `: a scalar or a one-line flow collection. */
function inlineValue(text: string, depth: number, maxDepth: number): unknown {
  const first = text[0];
  if (first === '"' || first === "'") {
    const [value, end] = quoted(text, 0);
    expectEnd(text, end);
    return value;
  }
  if (first === "[" || first === "{") {
    const [value, end] = flow(text, 0, depth + 1, maxDepth);
    expectEnd(text, end);
    return value;
  }
  return resolvePlain(blockPlain(text));
}

/** A flow collection starting at `text[start]`, on one line; returns the value and the index after it. */
function flow(text: string, start: number, depth: number, maxDepth: number): [unknown, number] {
  if (depth > maxDepth) throw GIVE_UP;
  const isMap = text[start] === "{";
  const close = isMap ? "}" : "]";
  const seq: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = start + 1;
  const skip = () => {
    while (text[i] === " ") i++;
  };
  skip();
  if (text[i] === close) return [isMap ? map : seq, i + 1];
  for (;;) {
    skip();
    let key: string | undefined;
    if (isMap) {
      const [k, next] = flowScalar(text, i, true);
      if (typeof k !== "string") throw GIVE_UP;
      checkKey(k, map);
      key = k;
      i = next;
      skip();
      if (text[i] !== ":" || text[i + 1] !== " ") throw GIVE_UP;
      i += 2;
      skip();
    }
    let value: unknown;
    if (text[i] === "[" || text[i] === "{") [value, i] = flow(text, i, depth + 1, maxDepth);
    else [value, i] = flowScalar(text, i, false);
    if (isMap) map[key!] = value;
    else seq.push(value);
    skip();
    if (text[i] === close) return [isMap ? map : seq, i + 1];
    if (text[i] !== ",") throw GIVE_UP;
    i++;
    skip();
    // A trailing comma, an empty entry or the end of the line: the full parser's to judge.
    if (text[i] === close || text[i] === "," || i >= text.length) throw GIVE_UP;
  }
}

/** A scalar inside a flow collection: quoted, or plain up to `,` `]` `}` (or `:` for a key). */
function flowScalar(text: string, start: number, isKey: boolean): [unknown, number] {
  const first = text[start];
  if (first === undefined) throw GIVE_UP;
  if (first === '"' || first === "'") {
    const [value, end] = quoted(text, start);
    return [value, end];
  }
  if (INDICATOR.has(first) || first === "-" || first === "?" || first === ":") {
    // Signed numbers are the one common plain scalar that starts with an indicator.
    if (!(first === "-" && /[0-9.]/.test(text[start + 1] ?? ""))) throw GIVE_UP;
  }
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "," || ch === "]" || ch === "}") break;
    if (ch === ":") {
      if (isKey) break;
      throw GIVE_UP;
    }
    if (ch === "#" || ch === "[" || ch === "{" || ch === '"' || ch === "'") throw GIVE_UP;
    i++;
  }
  const raw = text.slice(start, i).trimEnd();
  if (raw === "") throw GIVE_UP;
  return [isKey ? plainKey(raw) : resolvePlain(raw), i];
}

// Keys are kept to names that read as themselves: a plain key like `1.0` or `true` would become "1" or "true".
function plainKey(raw: string): string {
  if (!PLAIN_KEY.test(raw) || typeof resolvePlain(raw) !== "string") throw GIVE_UP;
  return raw;
}

function checkKey(key: string, into: Record<string, unknown>): void {
  if (UNSAFE_KEYS.has(key) || Object.prototype.hasOwnProperty.call(into, key)) throw GIVE_UP;
}

/**
 * Splits `key: rest` when the line is a mapping entry; undefined when it is a plain value. A quoted key counts;
 * a plain key must be a name.
 */
function splitEntry(text: string): { key: string; rest: string } | undefined {
  const first = text[0];
  if (first === '"' || first === "'") {
    const [key, end] = quoted(text, 0);
    let i = end;
    while (text[i] === " ") i++;
    if (text[i] !== ":") return undefined;
    if (i + 1 < text.length && text[i + 1] !== " ") throw GIVE_UP;
    return { key, rest: text.slice(i + 1).trimStart() };
  }
  if (first === "[" || first === "{") return undefined;
  let colon = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "#" && i > 0 && text[i - 1] === " ") break;
    if (ch === ":" && (i + 1 === text.length || text[i + 1] === " ")) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  return { key: plainKey(text.slice(0, colon).trimEnd()), rest: text.slice(colon + 1).trimStart() };
}

function isItem(text: string): boolean {
  return text[0] === "-" && (text.length === 1 || text[1] === " ");
}

function isComment(text: string): boolean {
  return text === "" || text[0] === "#";
}

/** The block node whose first line is the reader's current line, at that line's indentation. */
function block(r: Reader, depth: number): unknown {
  if (depth > r.maxDepth) throw GIVE_UP;
  const line = r.line!;
  return isItem(line.text) ? sequence(r, line.indent, depth) : mapping(r, line.indent, depth);
}

/** What follows `key:` or `-` with nothing after it on the line: a nested block, or null. */
function nested(r: Reader, parentIndent: number, depth: number, allowSameIndentSeq: boolean): unknown {
  const next = r.line;
  if (next && (next.indent > parentIndent || (allowSameIndentSeq && next.indent === parentIndent && isItem(next.text))))
    return block(r, depth + 1);
  return null;
}

function mapping(r: Reader, indent: number, depth: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (;;) {
    const line = r.line;
    if (!line || line.indent < indent) return map;
    if (line.indent > indent || isItem(line.text)) throw GIVE_UP;
    const entry = splitEntry(line.text);
    if (!entry) throw GIVE_UP;
    checkKey(entry.key, map);
    advance(r);
    if (isComment(entry.rest)) {
      map[entry.key] = nested(r, indent, depth, true);
    } else {
      map[entry.key] = inlineValue(entry.rest, depth, r.maxDepth);
      const next = r.line;
      // A deeper line after a value continues a multi-line scalar, or is an error.
      if (next && next.indent > indent) throw GIVE_UP;
    }
  }
}

function sequence(r: Reader, indent: number, depth: number): unknown[] {
  const seq: unknown[] = [];
  for (;;) {
    const line = r.line;
    if (!line || line.indent < indent) return seq;
    if (line.indent > indent || !isItem(line.text)) {
      // A mapping key at the same indentation ends a sequence that was a mapping's value.
      if (line.indent === indent) return seq;
      throw GIVE_UP;
    }
    let offset = 1;
    while (line.text[offset] === " ") offset++;
    const rest = line.text.slice(offset);
    if (isComment(rest)) {
      advance(r);
      seq.push(nested(r, indent, depth, false));
      continue;
    }
    if (isItem(rest)) throw GIVE_UP; // `- - x`
    if (splitEntry(rest)) {
      // `- key: value` opens a mapping indented where its first key starts.
      line.indent = indent + offset;
      line.text = rest;
      seq.push(mapping(r, indent + offset, depth + 1));
      continue;
    }
    advance(r);
    seq.push(inlineValue(rest, depth, r.maxDepth));
    const next = r.line;
    if (next && next.indent > indent) throw GIVE_UP;
  }
}

/**
 * Reads `text` if it is plain block-style YAML whose top level is a mapping or a sequence; undefined otherwise
 * (read it with the full parser then). Collections nested deeper than `maxDepth` make it give up too.
 */
export function readBlockYaml(text: string, maxDepth: number): { value: unknown } | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  const reader: Reader = { text, next: 0, line: undefined, maxDepth, begun: false };
  try {
    advance(reader);
    const top = reader.line;
    if (!top || top.indent !== 0 || (!isItem(top.text) && !splitEntry(top.text))) return undefined;
    const value = block(reader, 1);
    return reader.line === undefined ? { value } : undefined;
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}
