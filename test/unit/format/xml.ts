/**
 * A strict well-formedness check for the SVG hostfit writes (not a general XML parser): every tag is
 * `<name attr="value" ...>` with double-quoted values, every element is closed in order, and `&` only
 * starts one of the entities the formatters emit.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const entity = /&(?!(amp|lt|gt|quot|#39|#\d+);)/;
  for (const [token] of xml.matchAll(/<[^<>]*>|[^<]+|</g)) {
    if (token === "<") {
      problems.push("a stray <");
      continue;
    }
    if (!token.startsWith("<")) {
      if (entity.test(token)) problems.push(`a bare & in text: ${token.slice(0, 60)}`);
      continue;
    }
    if (token.startsWith("</")) {
      const name = token.slice(2, -1).trim();
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
      continue;
    }
    const m = /^<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!m) {
      problems.push(`a malformed tag: ${token.slice(0, 80)}`);
      continue;
    }
    if (entity.test(m[2]!)) problems.push(`a bare & in an attribute: ${token.slice(0, 80)}`);
    if (m[3] !== "/") stack.push(m[1]!);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(", ")}`);
  return problems;
}

/** Every number in the coordinate attributes (x, y, cx, cy, x1..y2, points, path d) of an SVG. */
export function coordinates(svg: string): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [, name, value] of svg.matchAll(/\s(x|y|cx|cy|x1|y1|x2|y2)="(-?[\d.]+)"/g))
    (name!.startsWith("x") || name === "cx" ? xs : ys).push(Number(value));
  for (const [, list] of svg.matchAll(/\spoints="([^"]*)"/g)) {
    for (const pair of list!.trim().split(/\s+/)) {
      const [x, y] = pair.split(",").map(Number);
      xs.push(x!);
      ys.push(y!);
    }
  }
  for (const [, d] of svg.matchAll(/\sd="([^"]*)"/g)) {
    for (const [, x, y] of d!.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)) {
      xs.push(Number(x));
      ys.push(Number(y));
    }
  }
  return { xs, ys };
}
