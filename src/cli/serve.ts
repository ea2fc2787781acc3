import type { Config } from '../config.ts';
import { startBaton } from '../main.ts';

/** `baton serve`: start every part this process's role runs, and stop cleanly on SIGTERM/SIGINT. */
export async function serve(config: Config): Promise<void> {
  const baton = await startBaton(config);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    baton.ctx.log.info({ signal }, 'shutting down');
    baton.stop().then(
      () => process.exit(0),
      (err) => {
        baton.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
