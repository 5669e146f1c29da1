/** A property computed on first read (then a plain value), in its place among the object's keys. */
export function lazy<T extends object, K extends keyof T>(out: T, key: K, make: () => T[K]): void {
  const settle = (v: T[K]) => {
    Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
    return v;
  };
  Object.defineProperty(out, key, { enumerable: true, configurable: true, get: () => settle(make()), set: settle });
}
