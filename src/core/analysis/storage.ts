/**
 * Storage growth of a store: writes x bytes per write over a month and over the horizon,
 * against storage per node x shards (replicas hold copies, so they add no capacity). Data are
 * assumed spread evenly over shards (skew describes load, not size). Months until full count
 * from empty. With a `retention` shorter than the horizon, data older than it is deleted: the
 * store holds at most growth x retention (at the horizon, and ever), so it may never fill.
 * Queues and streams use the same figures for the messages they keep.
 */
import * as words from '../wording.js';
import { figure, none } from './figure.js';
import type { StorageFigures } from './types.js';
import type { Component } from '../model.js';
import { isBroker } from '../kinds.js';

export function storageFigures(
  c: Component,
  writeRps: number,
  writeBytesRate: number,
  knownWritesRps: number,
  monthSeconds: number,
  horizonMs: number,
): StorageFigures {
  const broker = isBroker(c.kind);
  const retention =
    c.retentionMs !== undefined && Number.isFinite(c.retentionMs) && c.retentionMs >= 0 && c.retentionMs < horizonMs
      ? c.retentionMs
      : null;
  const keptMs = retention ?? horizonMs;
  const shards = c.shards !== undefined && c.shards >= 1 ? Math.floor(c.shards) : 1;
  const writes = broker
    ? figure(
        writeRps,
        'rps',
        'w = messages arriving',
        { w: writeRps },
        () => `${words.count(writeRps)} messages/s reach ${c.id}`,
      )
    : figure(
        writeRps,
        'rps',
        'w = writes arriving',
        { w: writeRps },
        () => `${words.count(writeRps)} writes/s reach ${c.id}`,
      );
  let perWrite: number | null = null;
  let perWriteFig;
  if (c.recordBytes !== undefined && Number.isFinite(c.recordBytes) && c.recordBytes >= 0) {
    const b = c.recordBytes;
    perWrite = b;
    perWriteFig = figure(
      b,
      'bytes',
      'b = record',
      { record: b },
      () => `each write stores a record of ${words.bytes(b)}`,
    );
  } else if (knownWritesRps > 0 && Number.isFinite(writeBytesRate)) {
    const b = writeBytesRate / knownWritesRps;
    perWrite = b;
    perWriteFig = figure(
      b,
      'bytes',
      'b = Σ w_client payload / Σ w_client',
      { bytesPerSecond: writeBytesRate, writes: knownWritesRps },
      () => `no record size: the writers' mean payload, ${words.bytes(b)}`,
    );
  } else {
    perWriteFig = none('bytes', 'no record size on the store and no payload on the clients that write to it');
  }
  const monthMs = monthSeconds * 1000;
  if (perWrite === null) {
    const missing = none('bytes/month', 'unknown: bytes per write not given');
    return {
      writeRps: writes,
      bytesPerWrite: perWriteFig,
      growthPerMonth: missing,
      atHorizon: none('bytes', 'unknown: bytes per write not given'),
      capacity: capacityFig(c, shards),
      monthsUntilFull: none('months', 'unknown: bytes per write not given'),
      usedAtHorizon: none('fraction', 'unknown: bytes per write not given'),
    };
  }
  const perSecond = writeRps * perWrite;
  const perMonth = perSecond * monthSeconds;
  const atHorizon = perSecond * (keptMs / 1000);
  const growthPerMonth = figure(
    perMonth,
    'bytes/month',
    'G = w × b × month',
    { w: writeRps, b: perWrite, monthSeconds },
    () =>
      `${words.count(writeRps)} ${broker ? 'messages' : 'writes'}/s × ${words.bytes(perWrite)} × ${words.count(monthSeconds)} s per month = ${words.bytes(perMonth)} per month`,
  );
  const horizon =
    retention !== null
      ? figure(
          atHorizon,
          'bytes',
          'D = w × b × retention (retention < horizon)',
          { w: writeRps, b: perWrite, horizonMs, retentionMs: retention },
          () =>
            `${words.bytes(perSecond)}/s kept for a retention of ${words.duration(retention)} (shorter than the horizon of ${words.duration(horizonMs)}) = ${words.bytes(atHorizon)} held`,
        )
      : figure(
          atHorizon,
          'bytes',
          'D = w × b × horizon',
          { w: writeRps, b: perWrite, horizonMs },
          () => `${words.bytes(perSecond)}/s over ${words.duration(horizonMs)} = ${words.bytes(atHorizon)}`,
        );
  const cap = capacityFig(c, shards);
  let months = none('months', cap.value === null ? 'no storage per node given' : 'nothing is written: it never fills');
  let used = none('fraction', cap.value === null ? 'no storage per node given' : 'nothing is written');
  if (cap.value !== null) {
    const perNode = c.storagePerNodeBytes!;
    const perNodeMonth = perMonth / shards;
    const heldPerNode = retention !== null ? (perSecond * (retention / 1000)) / shards : Infinity;
    if (perNodeMonth > 0 && heldPerNode <= perNode) {
      months = none(
        'months',
        `the retention of ${words.duration(retention!)} keeps at most ${words.bytes(heldPerNode)} per node, within its ${words.bytes(perNode)}: it never fills`,
      );
    } else if (perNodeMonth > 0) {
      const mths = perNode / perNodeMonth;
      months = figure(
        mths,
        'months',
        'T_full = storage per node / (G / shards)',
        { perNode, growthPerMonth: perMonth, shards },
        () =>
          `${words.bytes(perNode)} per node / (${words.bytes(perMonth)} per month / ${shards} shard(s)) = ${words.count(mths)} months until full (${words.count((mths * monthMs) / (365.25 * 86_400_000))} years)`,
      );
    }
    const capBytes = cap.value;
    if (capBytes > 0)
      used = figure(
        atHorizon / capBytes,
        'fraction',
        'D / (storage per node × shards)',
        { D: atHorizon, capacity: capBytes },
        () =>
          `${words.bytes(atHorizon)} of ${words.bytes(capBytes)} used at the horizon (${words.count((atHorizon / capBytes) * 100)} %)`,
      );
    else
      used = figure(atHorizon > 0 ? null : 0, 'fraction', 'D / capacity', { D: atHorizon, capacity: 0 }, 'no storage');
  }
  return {
    writeRps: writes,
    bytesPerWrite: perWriteFig,
    growthPerMonth,
    atHorizon: horizon,
    capacity: cap,
    monthsUntilFull: months,
    usedAtHorizon: used,
  };
}

function capacityFig(c: Component, shards: number) {
  if (c.storagePerNodeBytes === undefined || !Number.isFinite(c.storagePerNodeBytes))
    return none('bytes', 'no storage per node given');
  const perNode = c.storagePerNodeBytes;
  const total = perNode * shards;
  return figure(
    total,
    'bytes',
    'storage per node × shards',
    { perNode, shards },
    () => `${words.bytes(perNode)} per node × ${shards} shard(s) = ${words.bytes(total)} (replicas hold copies)`,
  );
}
