// Editors count columns in characters; JavaScript strings count UTF-16 units, two for an
// emoji. Converting one position must not cost a pass over its line: a report can hold
// thousands of positions on one long line.

/** The number of items of sorted `list` that are less than `value`. */
export function countBelow(list: readonly number[], value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Converts offsets in `text` to 1-based character columns, given where their line starts. */
export function characterColumns(text: string): (lineStart: number, offset: number) => number {
  // Per line: the offsets where its surrogate pairs start.
  const pairs = new Map<number, number[]>();
  return (lineStart, offset) => {
    let starts = pairs.get(lineStart);
    if (!starts) {
      starts = [];
      const end = text.indexOf("\n", lineStart);
      const line = text.slice(lineStart, end < 0 ? text.length : end);
      for (const match of line.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g))
        starts.push(match.index);
      pairs.set(lineStart, starts);
    }
    return offset - lineStart - countBelow(starts, offset - lineStart) + 1;
  };
}
