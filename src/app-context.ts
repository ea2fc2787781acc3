import type { Config } from './config.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import type { Db } from './db/database.ts';
import type { WebhookConsumer } from './features/feature.ts';
import type { Logger } from './log.ts';
import type { ProviderRegistry } from './providers/registry.ts';
import type { AppWebhookSource } from './services/app-webhooks.ts';
import type { TokenBroker } from './services/token-brokers.ts';

/** What request handlers and job handlers share; built once by the composition root. */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  secrets: SecretBox;
  providers: ProviderRegistry;
  /** Nudge in-process workers after a commit that enqueued jobs. */
  wakeWorkers(): void;
  /** Sources of tokens beside people's stored credentials (e.g. an installed app), registered by features. */
  tokenBrokers?: TokenBroker[];
  /** Appliers of webhook events beyond pull requests, registered by features. */
  webhookConsumers?: WebhookConsumer[];
  /** Webhooks of apps installed on a provider, covering repositories without their own (registered by features). */
  appWebhooks?: AppWebhookSource[];
}
