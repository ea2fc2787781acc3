import type { Config } from './config.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Db } from './db/database.ts';
import type { Logger } from './log.ts';
import type { ProviderRegistry } from './providers/registry.ts';

/** What request handlers and job handlers share; built once by the composition root. */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  secrets: SecretBox;
  providers: ProviderRegistry;
  /** Nudge in-process workers after a commit that enqueued jobs. */
  wakeWorkers(): void;
}
