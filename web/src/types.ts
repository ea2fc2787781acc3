// The shapes the Baton API takes and answers, named for the pages. All of them come from the
// generated web/generated/api-types.ts (`npm run gen:api`), so a route change that breaks a page
// fails the type check instead of the user.
import type { components, paths } from '../generated/api-types.ts';

type Schemas = components['schemas'];

export type Me = Schemas['Me'];
export type User = Schemas['User'];
export type UserRole = Schemas['UserRole'];
export type Invitation = Schemas['Invitation'];
export type UserRef = Schemas['UserRef'];
export type Role = Schemas['Role'];
export type Project = Schemas['Project'];
export type CredentialUsage = Schemas['CredentialUsage'];
export type Member = Schemas['Member'];
export type Status = Schemas['Status'];
export type PrState = Schemas['PrState'];
export type TicketSummary = Schemas['TicketSummary'];
export type Board = Schemas['Board'];
export type BoardColumn = Schemas['BoardColumn'];
export type Label = Schemas['Label'];
export type Comment = Schemas['Comment'];
export type Priority = Schemas['Priority'];
export type Ticket = Schemas['Ticket'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type AutomationRule = Schemas['AutomationRule'];
export type AutomationSettings = Schemas['AutomationSettings'];
export type AutomationPreview = Schemas['AutomationPreview'];
export type HistoryCause = HistoryEntry['cause'];
export type StartWork = Schemas['StartWork'];
export type StepName = StartWork['steps'][number]['name'];
/** Read a provider's kept credential fields (ProviderField.kept) by name, as its descriptor lists them. */
export type Credential = Schemas['Credential'] & { [keptField: string]: unknown };
/** An API token for scripts; its value is in the answer that creates it only. */
export type ApiToken = Schemas['ApiToken'];
export type Repository = Schemas['Repository'];
export type AvailableRepository = Schemas['AvailableRepository'];
export type WebhookInfo = Schemas['WebhookInfo'];
export type RepositoryWebhook = Schemas['RepositoryWebhook'];
export type Delivery = Schemas['Delivery'];
export type Outcome = Delivery['outcome'];
export type DeliveryPage = Schemas['DeliveryPage'];
export type ProviderField = Schemas['ProviderField'];
export type Notification = Schemas['Notification'];
export type NotificationKind = Schemas['NotificationKind'];
export type NotificationPage = Schemas['NotificationPage'];
/** A provider this Baton supports, as GET /api/providers describes it. */
export type ProviderInfo = Schemas['Provider'];

/** A paged list as the API answers it; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Method<P extends keyof paths> = { [M in keyof paths[P]]: paths[P][M] extends { responses: unknown } ? M : never }[keyof paths[P]];

/** The JSON body an operation takes, e.g. `RequestBody<'/api/projects', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends Method<P>> = paths[P][M] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** What an operation answers on success (its 2xx JSON). */
export type Answer<P extends keyof paths, M extends Method<P>> = paths[P][M] extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? Json<R[S]> : never }[keyof R]
  : never;

/** A provider kind; GET /api/providers lists the ones this Baton supports. */
export type Provider = string;

/** A request body whose provider kind was read from GET /api/providers at run time, not typed in. */
export type WithProviderKind<T extends { provider: string }> = Omit<T, 'provider'> & { provider: Provider };

/** The provider's own settings as a form edits them, named by its descriptor's settings fields. */
export type ProjectSettings = { baseUrl?: string } & Record<string, string | undefined>;
