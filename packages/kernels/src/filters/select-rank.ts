/**
 * k-th smallest (0-based) of `buf[0..n)` by Wirth's selection (in place, no allocation). The values
 * must not contain NaN. Expected O(n).
 */
export function selectRank(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = buf[k]!;
    let i = lo;
    let j = hi;
    do {
      while (buf[i]! < pivot) i++;
      while (pivot < buf[j]!) j--;
      if (i <= j) {
        const t = buf[i]!;
        buf[i] = buf[j]!;
        buf[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
  return buf[k]!;
}
