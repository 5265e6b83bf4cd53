/** BRIEFPACK_TRACE=1 prints when each build stage ends, in ms since start-up, for `npm run bench`. */
const on = Boolean(process.env.BRIEFPACK_TRACE);
const start = performance.timeOrigin;

export function trace(stage: string): void {
  if (on) process.stderr.write(`trace ${String(Math.round(performance.timeOrigin + performance.now() - start)).padStart(5)} ms  ${stage}\n`);
}
