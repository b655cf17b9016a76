/** Calls `fn` for every request a fake records, as it records it (before it answers). */
export function watch<T>(requests: T[], fn: (request: T) => void): void {
  const push = requests.push.bind(requests)
  requests.push = (...items: T[]): number => {
    const length = push(...items)
    for (const item of items) fn(item)
    return length
  }
}
