// Preloaded (`node --require bench/peers/probe.js`) into every server that
// `npm run bench peers` measures: the hub and PostGraphile alike. Over the IPC
// channel the benchmark asks it to start and stop a measurement; it answers the
// process's CPU time (user + system, from process.cpuUsage) and the bytes the
// V8 heap allocated in between (the garbage collected by every GC, read by
// v8.GCProfiler, plus the growth of the live heap), and, when the server
// counts them (`globalThis.__benchStatements`), the SQL statements it sent.
'use strict';
const v8 = require('node:v8');

if (process.send) {
  let started;
  process.on('message', (message) => {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'bench:start') {
      const profiler = new v8.GCProfiler();
      profiler.start();
      started = {
        profiler,
        cpu: process.cpuUsage(),
        heap: v8.getHeapStatistics().used_heap_size,
        statements: globalThis.__benchStatements?.(),
      };
      process.send({ type: 'bench:started' });
    } else if (message.type === 'bench:stop' && started) {
      const { profiler, cpu, heap, statements } = started;
      const gcs = profiler.stop()?.statistics ?? [];
      let collected = 0;
      for (const gc of gcs) collected += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
      const used = process.cpuUsage(cpu);
      const now = globalThis.__benchStatements?.();
      process.send({
        type: 'bench:stopped',
        cpuMicros: used.user + used.system,
        allocatedBytes: collected + (v8.getHeapStatistics().used_heap_size - heap),
        gcs: gcs.length,
        statements: typeof now === 'number' && typeof statements === 'number' ? now - statements : null,
      });
      started = undefined;
    }
  });
  // The IPC channel must not keep a server alive on its own, nor stop it from exiting.
  process.channel?.unref();
}
