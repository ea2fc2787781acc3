// Everything Baton knows about one provider, exported by its folder's index.ts. Shared code
// (services, webhooks, HTTP routes, the web app through GET /api/providers) reads these
// descriptors and never names a provider itself.
import type { HttpTuning } from './http.ts';
import type { GitProvider, ProviderConnection, WebhookAdapter } from './types.ts';

/** One input of a form the web app renders from the descriptor (project settings, credentials). */
export interface FormField {
  /** Key in the project's settings or in the credential request body. */
  name: string;
  label: string;
  hint: string;
  placeholder: string;
  required: boolean;
  /** `url` fields are checked against the outbound-host policy; `email` ones must look like an address. */
  type: 'text' | 'url' | 'email';
  /**
   * A credential field saved with the credential, shown back, and given to the provider with the
   * token on every use (e.g. the account email a token is sent with); unkept ones only serve the check.
   */
  kept?: boolean;
}

/** What a project owner enters at the provider to point its webhooks at Baton; `{url}` in a step stands for the payload URL. */
export interface WebhookSetup {
  contentType: string;
  events: string[];
  steps: string[];
}

/** Project settings as stored: validated, with the base URL always filled in. */
export type ProviderSettings = { baseUrl: string } & Record<string, string>;

export interface ProviderDescriptor {
  /** Stored with projects, credentials and deliveries, and part of webhook URLs: never changes. */
  kind: string;
  /** The provider's name as people read it. */
  label: string;
  /** API root used when none is given; null when every server is the customer's own, so a base URL is required. */
  defaultBaseUrl: string | null;
  /** How the base URL is asked for in the project and credential forms. */
  baseUrl: Pick<FormField, 'label' | 'hint' | 'placeholder'>;
  /** Further project settings, in form order (the base URL comes last). */
  settings: FormField[];
  /** What a repository's owner is called here ("Organization", "Workspace", …) and how to fill it in. */
  owner: Pick<FormField, 'label' | 'hint' | 'placeholder'> & {
    /** The project setting that fixes the owner of every repository of a project, if there is one. */
    fixedBySetting?: string;
  };
  credential: {
    /** The token field's hint, naming what the token needs. */
    tokenHelp: string;
    /** The permissions the credential check looks for, in the words it reports missing ones with. */
    scopes: string[];
    /** Inputs of the credential form beyond provider, owner, token and base URL. */
    fields: FormField[];
    /**
     * The settings a token is checked with. `input` holds the extra fields' values; `projects`
     * the settings of the caller's Baton projects on this provider and server. Throws a
     * ValidationFailed saying what to fill in when nothing fits.
     */
    checkSettings?(owner: string, input: Record<string, string | undefined>, projects: ProviderSettings[]): Record<string, string>;
  };
  /**
   * The API root a typed base URL stands for (e.g. a server address completed with its API
   * path), or null when the URL cannot be one; absent: the URL is taken as typed.
   */
  apiRoot?(baseUrl: string): string | null;
  /** Origins other than the base URL's that the API answers from; a token may be sent there too. */
  extraOrigins?(baseUrl: string): string[];
  webhooks: {
    adapter: WebhookAdapter;
    /** Delivery headers worth storing with a delivery: never signatures or credentials. */
    keptHeaders: string[];
    setup: WebhookSetup;
    /** The provider's API can send a test delivery to a webhook Baton registered (HookCapability.test). */
    testable: boolean;
    /**
     * Where the API has no test call: how a person sees the webhook work instead, shown on the
     * Webhooks card in place of "Send test" and in the refusal of a test request.
     */
    withoutTest?: string;
  };
  /** A provider instance acting with one token. */
  create(connection: ProviderConnection, tuning: HttpTuning): GitProvider;
}

/** The base URL as a form field: required exactly when the provider has no default. */
export function baseUrlField(d: ProviderDescriptor): FormField {
  return { name: 'baseUrl', ...d.baseUrl, required: d.defaultBaseUrl === null, type: 'url' };
}

/** What GET /api/providers shows of a descriptor: everything a form or help text needs, no code. */
export function publicDescriptor(d: ProviderDescriptor) {
  return {
    kind: d.kind,
    label: d.label,
    defaultBaseUrl: d.defaultBaseUrl,
    owner: { label: d.owner.label, hint: d.owner.hint, placeholder: d.owner.placeholder },
    settings: [...d.settings, baseUrlField(d)],
    credential: { tokenHelp: d.credential.tokenHelp, scopes: d.credential.scopes, fields: [...d.credential.fields, baseUrlField(d)] },
    webhooks: d.webhooks.setup,
  };
}

export type PublicProvider = ReturnType<typeof publicDescriptor>;
