/**
 * Runs `task` on every item, at most `limit` at once (files to read or write, cards to draw):
 * enough to keep the disk and a pool busy, few enough to hold little in memory. Rejects with
 * the first failure, once the tasks under way have settled.
 */
export async function eachAtMost<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(
    Array.from({ length: Math.min(limit, items.length) }, lane),
  );
  const failure = lanes.find((l) => l.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
}
