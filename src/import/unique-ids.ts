/**
 * Makes ids unique in order: the first keeps its id, later copies get "-2", "-3", …
 * (skipping any suffix already taken), so parallel routes and namesake places stay
 * distinct and the result depends only on the input's order.
 */
export function uniqueIds(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((base) => {
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}
