// Preloaded (`node --import`) into a benchmarked process: on exit, writes its peak resident
// memory in kB to the file named by BENCH_PEAK_RSS_FILE. Plain JavaScript so it adds nothing
// (no TypeScript loader) to the memory it measures.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
