// Node 20 lacks Object.groupBy / Map.groupBy, which chevrotain 12+ calls (see ../shared/langium.md).
// Loaded with `node --require` before langium-cli, and bundled first into the server and CLI.
if (typeof Object.groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', {
    configurable: true,
    writable: true,
    value(items, key) {
      const out = Object.create(null);
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        (out[k] ??= []).push(item);
      }
      return out;
    },
  });
}
if (typeof Map.groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value(items, key) {
      const out = new Map();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const list = out.get(k);
        if (list) list.push(item);
        else out.set(k, [item]);
      }
      return out;
    },
  });
}
