import type { Config } from '../config.ts';
import { type RunningBaton, startBaton } from '../main.ts';

/** `baton serve`: start every part this process's role runs, and stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  // Signals are taken before starting: the server answers /healthz as soon as it listens, a moment
  // before start-up ends (the setup link is issued after), and a SIGTERM sent then (an orchestrator
  // stopping a pod it just saw healthy) must stop Baton cleanly, not kill it by the signal. A
  // second signal during start-up still kills at once (`once`), for a start that hangs.
  let baton: RunningBaton | null = null;
  let requested: string | null = null;
  const shutdown = (running: RunningBaton, signal: string) => {
    running.ctx.log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err) => {
        running.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: string) => {
    if (requested) return;
    requested = signal;
    if (baton) shutdown(baton, signal);
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  baton = await startBaton(config);
  if (requested) shutdown(baton, requested);
}
