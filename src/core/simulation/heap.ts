/**
 * The event list: a binary min-heap of (time, event) in two growable typed arrays. An event is an
 * integer (a handle and a type packed by the engine); no objects per event.
 */
export class EventHeap {
  times = new Float64Array(1024);
  events = new Int32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.size > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, ev: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const events = this.events;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p]!;
      if (tp <= time) break;
      times[i] = tp;
      events[i] = events[p]!;
      i = p;
    }
    times[i] = time;
    events[i] = ev;
  }

  /** Removes the earliest event and returns it (its time was read with peekTime). */
  pop(): number {
    const times = this.times;
    const events = this.events;
    const top = events[0]!;
    const n = --this.size;
    if (n > 0) {
      const t = times[n]!;
      const ev = events[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (r < n && times[r]! < times[c]!) c = r;
        const tc = times[c]!;
        if (tc >= t) break;
        times[i] = tc;
        events[i] = events[c]!;
        i = c;
      }
      times[i] = t;
      events[i] = ev;
    }
    return top;
  }

  private grow(): void {
    const t = new Float64Array(this.times.length * 2);
    t.set(this.times);
    this.times = t;
    const e = new Int32Array(this.events.length * 2);
    e.set(this.events);
    this.events = e;
  }
}
