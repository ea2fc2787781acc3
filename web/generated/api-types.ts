// Generated from GET /api/openapi.json by `npm run gen:api`; do not edit. Change the route's
// schemas instead and run it again.

export interface paths {
    "/api/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the first admin still has to be created */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            needed: boolean;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create the first admin with the one-time setup token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** The setup link */
                        token: string;
                        /**
                         * Email
                         * Format: email
                         */
                        email: string;
                        /** Name */
                        name: string;
                        /** Password */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["Me"];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in; sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Email
                         * Format: email
                         */
                        email: string;
                        /** Password */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["Me"];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Sign out */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change your name */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Name */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens (never their values), with last use and expiry */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ApiToken"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API token, optionally expiring at `expiresAt` (default: never); the value is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Token name */
                        name: string;
                        /** Expiration */
                        expiresAt?: string | null;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            last4: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                            expiresAt: string | null;
                            token: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Projects you belong to */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Project"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a project; you become its owner */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Key */
                        key: string;
                        /** Name */
                        name: string;
                        /**
                         * Git provider
                         * @enum {string}
                         */
                        provider: "github" | "ado" | "bitbucket" | "gitea";
                        /** Provider settings */
                        settings?: {
                            [key: string]: unknown;
                        };
                        /** Branch prefix */
                        branchPrefix?: string;
                        /** Open pull requests as drafts */
                        draftPullRequests?: boolean;
                        /** Let pull requests from forks link to tickets and tick acceptance criteria */
                        acceptForkPullRequests?: boolean;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One project */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a project (owners) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Name */
                        name?: string;
                        /** Provider settings */
                        settings?: {
                            [key: string]: unknown;
                        };
                        /** Branch prefix */
                        branchPrefix?: string;
                        /** Open pull requests as drafts */
                        draftPullRequests?: boolean;
                        /** Let pull requests from forks link to tickets and tick acceptance criteria */
                        acceptForkPullRequests?: boolean;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Project"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/projects/{projectId}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Project members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Member"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a member or change their role (owners) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Person
                         * Format: uuid
                         */
                        userId: string;
                        /**
                         * Role
                         * @enum {string}
                         */
                        role: "owner" | "member";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (owners) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The git providers this Baton supports: their forms (project settings, credentials), token help and webhook setup steps */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Provider"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tickets of a project, newest first, under the board filters */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: number;
                    status?: "backlog" | "ready" | "in_progress" | "in_review" | "done";
                    assigneeId?: string;
                    reviewerId?: string;
                    repositoryId?: string;
                    prState?: "open" | "draft" | "merged" | "closed" | "none";
                    labelId?: string | string[];
                    priority?: string | string[];
                    archived?: "true" | "false";
                    q?: string;
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TicketSummary"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a ticket */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Title */
                        title: string;
                        /** Spec */
                        spec?: string;
                        /** Acceptance criteria */
                        acceptanceCriteria?: string[];
                        /**
                         * Status
                         * @enum {string}
                         */
                        status?: "backlog" | "ready" | "in_progress" | "in_review" | "done";
                        /** Assignee */
                        assigneeId?: string | null;
                        /** Reviewer */
                        reviewerId?: string | null;
                        /** Repository */
                        repositoryId?: string | null;
                        /**
                         * Priority
                         * @enum {string}
                         */
                        priority?: "none" | "low" | "medium" | "high" | "urgent";
                        /**
                         * Labels
                         * @description the ticket's labels, all of them: a full replacement
                         */
                        labelIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ticket"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tickets/{ticketKey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ticket with criteria, history, PRs and Start work progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ticket"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a ticket for good: its criteria, history and comments go; nothing changes on the git provider */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a ticket; criteria are a full ordered replacement */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Title */
                        title?: string;
                        /** Spec */
                        spec?: string;
                        /**
                         * Status
                         * @enum {string}
                         */
                        status?: "backlog" | "ready" | "in_progress" | "in_review" | "done";
                        /** Assignee */
                        assigneeId?: string | null;
                        /** Reviewer */
                        reviewerId?: string | null;
                        /** Repository */
                        repositoryId?: string | null;
                        /**
                         * Priority
                         * @enum {string}
                         */
                        priority?: "none" | "low" | "medium" | "high" | "urgent";
                        /**
                         * Labels
                         * @description the ticket's labels, all of them: a full replacement
                         */
                        labelIds?: string[];
                        /**
                         * Archived
                         * @description true archives the ticket (off the board, nothing lost); false restores it
                         */
                        archived?: boolean;
                        /** Acceptance criteria */
                        acceptanceCriteria?: {
                            /** Format: uuid */
                            id?: string;
                            /** Acceptance criterion */
                            text: string;
                            done?: boolean;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ticket"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/projects/{projectId}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's labels, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Label"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a label (members) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Label name */
                        name: string;
                        /**
                         * Label colour
                         * @description #rrggbb
                         */
                        color: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Label"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/labels/{labelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a label and take it off every ticket (owners) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    labelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename or recolour a label (members) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    labelId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Label name */
                        name?: string;
                        /**
                         * Label colour
                         * @description #rrggbb
                         */
                        color?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Label"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/me/credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your git credentials (never the token) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Credential"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add (or rotate) your token for a provider account; it is checked with the provider before it is saved */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Provider
                         * @enum {string}
                         */
                        provider: "github" | "ado" | "bitbucket" | "gitea";
                        /** Owner */
                        owner: string;
                        /** Token */
                        token: string;
                        /** API base URL */
                        baseUrl?: string;
                        /** Azure DevOps project */
                        project?: string;
                        /**
                         * Atlassian account email
                         * Format: email
                         */
                        email?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Credential"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/credentials/{credentialId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What uses one of your credentials: repositories linked with it, Start work running with it now (ask before deleting) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    credentialId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CredentialUsage"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/credentials/{credentialId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete one of your git credentials */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    credentialId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/repositories/available": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Repositories your credential's owner has, to link one (30 a page) */
        get: {
            parameters: {
                query: {
                    credentialId: string;
                    search?: string;
                    page?: number;
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AvailableRepository"][];
                            hasMore: boolean;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/repositories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Linked repositories */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Repository"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Link a repository (owners) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Credential
                         * Format: uuid
                         */
                        credentialId: string;
                        /** Repository owner */
                        owner: string;
                        /** Repository name */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Repository"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/repositories/{repositoryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unlink a repository (owners) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    repositoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications, newest first, with the unread count */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    unread?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationPage"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of your notifications are unread (cheap enough to poll) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/notifications/{notificationId}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of your notifications read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    notificationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all your notifications read, up to the newest you have seen */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Newest notification seen
                         * Format: date-time
                         * @description createdAt of the newest notification you saw; later ones stay unread. Default: now
                         */
                        upTo?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            marked: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People: administrators see everyone; others see the names of people they share a project with */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["User"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a person's role (administrators only) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        role: components["schemas"]["UserRole"];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/users/{userId}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate a person: their sessions end and their API tokens are refused at once; history keeps their name */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Let a deactivated person sign in again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}/reset-link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a one-time link for the person to choose a new password (shown once, valid 24 hours) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            link: string;
                            expiresAt: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invitations not yet accepted or revoked (administrators only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Invitation"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Invite someone by email: answers a one-time link, shown once, valid 7 days (administrators only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Email
                         * Format: email
                         */
                        email: string;
                        /** @default member */
                        role?: components["schemas"]["UserRole"];
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            email: string;
                            role: components["schemas"]["UserRole"];
                            createdAt: string;
                            expiresAt: string;
                            invitedBy: string | null;
                            expired: boolean;
                            /** @description Give this to the invitee; it is not shown again */
                            link: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invitation: its link stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invitationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Who an invitation link is for, before accepting it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** The link */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            expiresAt: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation with your name and password; signs you in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** The link */
                        token: string;
                        /** Name */
                        name: string;
                        /** Password */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: components["schemas"]["Me"];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/password-resets/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with a reset link; every session of the person ends */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** The link */
                        token: string;
                        /** Password */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password; your other sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Current password */
                        currentPassword: string;
                        /** New password */
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tickets/{ticketKey}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start work: branch, spec commit, pull request and reviewer, with your own credential; again to resume a failed flow */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ticket"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/webhook-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook URL and provider settings; never the secret */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookInfo"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Generate (or rotate) the webhook secret, shown only in this answer; a rotated-out one stays valid for the grace period (owners) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            url: string;
                            createdAt: string | null;
                            previousAcceptedUntil: string | null;
                            setup: {
                                contentType: string;
                                events: string[];
                                steps: string[];
                            };
                            secret: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook deliveries, newest first, and the count of rejected ones */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryPage"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/deliveries/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a stored delivery again (owners) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @constant */
                            status: "queued";
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tickets/{ticketKey}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync PR status: fetch the ticket’s pull requests from the provider now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "queued";
                            jobId: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reconcile the pull requests of every linked repository now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "queued";
                            /** @description How many linked repositories will be reconciled */
                            repositories: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{provider}/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Receive a provider's webhook delivery for a project; verified on the exact bytes, stored, and applied by a job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                    projectId: string;
                };
                cookie?: never;
            };
            /** @description The provider's event payload with its signature headers; unsigned or wrongly signed deliveries get 401 and are counted, not stored */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Received, nothing to apply */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description pong: the provider checked the hook; duplicate: stored before; ignored: an event Baton does not use
                             * @enum {string}
                             */
                            status: "pong" | "duplicate" | "ignored";
                            id?: string;
                        };
                    };
                };
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "accepted";
                            /** @description The stored delivery, as the delivery log lists it */
                            id: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/board": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The board: every status column with its count and first page, under the filters */
        get: {
            parameters: {
                query?: {
                    assigneeId?: string;
                    reviewerId?: string;
                    repositoryId?: string;
                    prState?: "open" | "draft" | "merged" | "closed" | "none";
                    labelId?: string | string[];
                    priority?: string | string[];
                    archived?: "true" | "false";
                    q?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Board"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tickets matching a search in every project you can see, the most recently changed first */
        get: {
            parameters: {
                query: {
                    q: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["TicketSummary"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/board/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events (text/event-stream) for an open board: "ready" once following, then "change" with the ids of tickets that changed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BoardChangeEvent"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each linked repository's webhook: who registered it, events, last delivery, status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["RepositoryWebhook"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/repositories/{repositoryId}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register the repository's webhook at the provider, or repair it, with your credential (owners); done by a job */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    repositoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepositoryWebhook"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Remove the webhook Baton registered (never one set up by hand) (owners); done by a job */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    repositoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "removing";
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/repositories/{repositoryId}/webhook/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the provider for a test delivery; the status turns healthy when it arrives (owners) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    repositoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepositoryWebhook"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tickets/{ticketKey}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ticket's comments, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Comment"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Comment on a ticket in markdown; "@name" tells the project members named */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Comment */
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Comment"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/github-app/install": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start installing the GitHub App for a project (owners; a browser session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Project
                         * Format: uuid
                         */
                        projectId: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Where to send the browser: GitHub, with a state that works once, in this session, for 10 minutes */
                            url: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/github-app/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start authorising the GitHub App to act as you (a browser session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Project
                         * Format: uuid
                         * @description Come back to this project's settings afterwards (else to your profile)
                         */
                        projectId?: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Where to send the browser: GitHub, with a state that works once, in this session, for 10 minutes */
                            url: string;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/github-app/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** GitHub's callback and setup URL: checks the state, exchanges the code, records the installation; answers a page or a redirect */
        get: {
            parameters: {
                query?: {
                    installation_id?: string;
                    setup_action?: string;
                    code?: string;
                    state?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The installation awaits an organisation owner’s approval (a page for browsers; this for other clients) */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "requested";
                            message: string;
                        };
                    };
                };
                /** @description Redirect */
                302: {
                    headers: {
                        /** @description Where the browser goes next */
                        Location?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/github-app": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your connection to the GitHub App */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GitHubAppConnection"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/github-app": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The GitHub App's installations your GitHub account can access, each with the repositories you can access through it, to link (owners; asked with your authorisation of the App) */
        get: {
            parameters: {
                query?: {
                    refresh?: "true" | "false";
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["GitHubAppInstallations"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/github-app/repositories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link a repository the GitHub App is installed on and your GitHub account can access (owners) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Repository owner */
                        owner: string;
                        /** Repository name */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Success */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            owner: string;
                            name: string;
                            defaultBranch: string;
                            webUrl: string;
                            credentialId: string | null;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/github-app": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The GitHub App's webhook: verified with the App's webhook secret, routed by installation and repository to the projects that link it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description A GitHub App delivery with X-Hub-Signature-256; a wrong signature gets 401 and is not stored */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Received: duplicate, ignored (no project links the repository), pong, or applied at once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description applied: an installation or authorisation change, already in effect
                             * @enum {string}
                             */
                            status: "accepted" | "applied" | "duplicate" | "ignored" | "pong";
                            /** @description How many projects logged the delivery */
                            projects: number;
                        };
                    };
                };
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description applied: an installation or authorisation change, already in effect
                             * @enum {string}
                             */
                            status: "accepted" | "applied" | "duplicate" | "ignored" | "pong";
                            /** @description How many projects logged the delivery */
                            projects: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Releases of the linked repositories, newest first, with the tickets each shipped */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Release"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/releases/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reconcile the releases of every linked repository now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "queued";
                            /** @description How many linked repositories will be reconciled */
                            repositories: number;
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/issue-sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Issue sync of each linked repository, with import progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["IssueSync"][];
                        };
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/repositories/{repositoryId}/issue-sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The repository's issue sync settings and import progress (n of m) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    repositoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IssueSync"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Opt the repository's issues in or out of sync (owners); enabling imports them by a job, resumable */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                    repositoryId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Sync issues */
                        enabled: boolean;
                        /**
                         * Direction
                         * @enum {string}
                         */
                        direction: "both" | "import";
                        /** Label filter */
                        labelFilter?: string | null;
                        /**
                         * Issues
                         * @enum {string}
                         */
                        state: "open" | "all";
                        /** Create issues for new tickets */
                        createIssues?: boolean;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IssueSync"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/issue-sync/status-map": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which statuses mean open and closed on the issue tracker */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IssueStatusMap"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Set which statuses mean open and closed on the issue tracker (owners) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Closed statuses */
                        closedStatuses: ("backlog" | "ready" | "in_progress" | "in_review" | "done")[];
                        /**
                         * Status for a reopened issue
                         * @enum {string}
                         */
                        openStatus: "backlog" | "ready" | "in_progress" | "in_review" | "done";
                        /**
                         * Status for a closed issue
                         * @enum {string}
                         */
                        closedStatus: "backlog" | "ready" | "in_progress" | "in_review" | "done";
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IssueStatusMap"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tickets/{ticketKey}/issue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The issue the ticket mirrors (owner/repo#123, link, milestone, assignees with unmapped logins); 404 when none */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ticketKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TicketIssue"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/automation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project’s workflow automation: its ordered rules from PR events to ticket status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationSettings"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Replace the project’s workflow rules (owners); rules: null goes back to the defaults */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Rules */
                        rules: {
                            /** When */
                            event: string;
                            /** Into branch */
                            branch?: string | null;
                            /** Move to */
                            status: string;
                        }[] | null;
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationSettings"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/projects/{projectId}/automation/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What the given rules, unsaved, would do to the tickets of the project’s most recently updated PRs */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Rules */
                        rules: {
                            /** When */
                            event: string;
                            /** Into branch */
                            branch?: string | null;
                            /** Move to */
                            status: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Success */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationPreview"];
                    };
                };
                /** @description Error */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                code: string;
                message: string;
                details: Record<string, never>;
            };
        };
        Me: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            isAdmin: boolean;
        };
        ApiToken: {
            /** Format: uuid */
            id: string;
            name: string;
            last4: string;
            createdAt: string;
            lastUsedAt: string | null;
            revokedAt: string | null;
            expiresAt: string | null;
        };
        Project: {
            /** Format: uuid */
            id: string;
            key: string;
            name: string;
            provider: string;
            /** @description The provider's settings (GET /api/providers lists the fields), with the base URL filled in */
            settings: {
                baseUrl: string;
            } & {
                [key: string]: string;
            };
            branchPrefix: string;
            draftPullRequests: boolean;
            /** @description PRs from forks may link themselves to tickets by a key and tick acceptance criteria; off by default, as anybody can fork */
            acceptForkPullRequests: boolean;
            /** @description Your role; admins count as owners everywhere */
            role: components["schemas"]["Role"];
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        Role: "owner" | "member";
        Member: {
            /** Format: uuid */
            userId: string;
            name: string;
            email: string;
            role: components["schemas"]["Role"];
            /** @description The person can no longer sign in; history keeps them, but they take no new work */
            deactivated: boolean;
        };
        Provider: {
            kind: string;
            label: string;
            defaultBaseUrl: string | null;
            owner: {
                label: string;
                hint: string;
                placeholder: string;
            };
            settings: components["schemas"]["ProviderField"][];
            credential: {
                tokenHelp: string;
                scopes: string[];
                fields: components["schemas"]["ProviderField"][];
            };
            webhooks: {
                contentType: string;
                events: string[];
                /** @description "{url}" stands for the payload URL */
                steps: string[];
            };
        };
        ProviderField: {
            name: string;
            label: string;
            hint: string;
            placeholder: string;
            required: boolean;
            /** @enum {string} */
            type: "text" | "url" | "email";
            /** @description a credential field saved with the credential and shown back */
            kept?: boolean;
        };
        TicketSummary: {
            /** Format: uuid */
            id: string;
            key: string;
            number: number;
            title: string;
            status: components["schemas"]["Status"];
            assignee: components["schemas"]["UserRef"] | null;
            reviewer: components["schemas"]["UserRef"] | null;
            priority: components["schemas"]["Priority"];
            labels: components["schemas"]["Label"][];
            pullRequests: components["schemas"]["PullRequestRef"][];
            updatedAt: string;
        };
        /** @enum {string} */
        Status: "backlog" | "ready" | "in_progress" | "in_review" | "done";
        UserRef: {
            /** Format: uuid */
            id: string;
            name: string;
        };
        /** @enum {string} */
        Priority: "none" | "low" | "medium" | "high" | "urgent";
        Label: {
            /** Format: uuid */
            id: string;
            name: string;
            color: string;
        };
        PullRequestRef: {
            number: number;
            url: string;
            state: components["schemas"]["PrState"];
        };
        /** @enum {string} */
        PrState: "open" | "draft" | "merged" | "closed";
        Ticket: {
            /** Format: uuid */
            id: string;
            key: string;
            number: number;
            /** Format: uuid */
            projectId: string;
            title: string;
            spec: string;
            status: components["schemas"]["Status"];
            assignee: components["schemas"]["UserRef"] | null;
            reviewer: components["schemas"]["UserRef"] | null;
            priority: components["schemas"]["Priority"];
            labels: components["schemas"]["Label"][];
            repositoryId: string | null;
            acceptanceCriteria: {
                /** Format: uuid */
                id: string;
                text: string;
                done: boolean;
            }[];
            /** @description status moves, oldest first */
            history: components["schemas"]["HistoryEntry"][];
            /** @description every change, status moves included, oldest first */
            activity: components["schemas"]["ActivityEntry"][];
            branch: string | null;
            startWork: components["schemas"]["StartWork"] | null;
            pullRequests: {
                number: number;
                url: string;
                state: components["schemas"]["PrState"];
                title: string;
                syncedAt: string | null;
            }[];
            prsSyncedAt: string | null;
            /** @description the first release holding every merged pull request of the ticket (the latest of their first releases across repositories); null until then */
            release: components["schemas"]["ReleaseRef"] | null;
            /** @description the first pre-release holding them; null when none did */
            prerelease: components["schemas"]["ReleaseRef"] | null;
            /** @description when it was archived (off the board, restorable); null while on the board */
            archivedAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        HistoryEntry: {
            at: string;
            from: components["schemas"]["Status"] | null;
            to: components["schemas"]["Status"];
            /** @enum {string} */
            cause: "user" | "pr_event" | "sync" | "start_work" | "issue_sync";
            actor: components["schemas"]["UserRef"] | null;
            /** @description What happened ("PR #3 merged") */
            detail: string | null;
            /** @description The automation rule that moved the ticket ("Rule 2: when …, move to …"); null for moves by a person */
            rule: string | null;
            /** @description The webhook delivery whose event moved the ticket; null for sync, reconciliation, Start work and people */
            delivery: {
                id: string;
                /** @description The provider’s id of the delivery; null once the delivery is gone */
                deliveryId: string | null;
            } | null;
        };
        ActivityEntry: {
            id: string;
            at: string;
            /** @enum {string} */
            kind: "status" | "assignee" | "reviewer" | "title" | "spec" | "criteria" | "labels" | "priority" | "repository" | "archived" | "unarchived" | "comment" | "start_work" | "pull_request";
            /**
             * @description user: a person did it; pr_event: a webhook delivery; sync: a sync or reconciliation found it; start_work: the Start work flow
             * @enum {string}
             */
            cause: "user" | "pr_event" | "sync" | "start_work" | "issue_sync";
            /** @description who did it, or on whose behalf it ran */
            actor: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            /** @description why, in words: the step outcome, the pull request event, what found it */
            detail: string | null;
            /** @description the webhook delivery that caused it: a Delivery's id in the project's delivery log */
            deliveryId: string | null;
            /** @description status: the automation rule that moved the ticket ("Rule 2: when …, move to …"); null for moves by a person */
            rule: string | null;
            /** @description sync: what found the change at the provider (Sync PR status, reconciliation, a refresh of the ticket) */
            via: string | null;
            /** @description status, title, priority, repository (owner/name): the value before */
            from?: string | null;
            /** @description status, title, priority, repository (owner/name): the value after */
            to?: string | null;
            /** @description assignee, reviewer: who it was */
            fromPerson?: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            /** @description assignee, reviewer: who it is now */
            toPerson?: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            /** @description criteria: each criterion added, removed, edited, done or undone */
            criteria?: {
                /** @enum {string} */
                change: "added" | "removed" | "edited" | "done" | "undone" | "reordered";
                text: string;
                previousText?: string;
            }[];
            /** @description labels: as they were named then */
            labelsAdded?: components["schemas"]["Label"][];
            labelsRemoved?: components["schemas"]["Label"][];
            /** @description comment: the comment written */
            commentId?: string | null;
            /** @description start_work: the step */
            step?: ("requested" | "branch" | "spec" | "pull_request" | "reviewer" | "failed" | "refused") | null;
            /** @description start_work refused: why, as a code (no_credential) */
            reason?: string | null;
            /** @description pull_request: the pull request and what happened to it */
            pullRequest?: {
                number: number;
                url: string;
                /** @enum {string} */
                state: "open" | "draft" | "merged" | "closed";
                /** @enum {string} */
                event: "opened" | "draft" | "ready" | "merged" | "closed" | "reopened" | "updated" | "unlinked";
            } | null;
        };
        StartWork: {
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
            steps: {
                /** @enum {string} */
                name: "branch" | "spec" | "pull_request" | "reviewer";
                /** @enum {string} */
                status: "pending" | "running" | "done" | "failed" | "skipped";
                error: string | null;
                detail: string | null;
            }[];
            error: string | null;
            /** Format: uuid */
            actorId: string;
            startedAt: string;
            finishedAt: string | null;
        };
        ReleaseRef: {
            /** Format: uuid */
            id: string;
            tag: string;
            name: string;
            /** @description the release page at the provider */
            url: string;
            publishedAt: string;
            prerelease: boolean;
            /** @description owner/name of the released repository */
            repository: string;
        };
        Credential: {
            /** Format: uuid */
            id: string;
            provider: string;
            owner: string;
            baseUrl: string;
            login: string;
            scopes: string[];
            missing: string[];
            last4: string;
            expiresAt: string | null;
            validatedAt: string;
            /**
             * Atlassian account email
             * Format: email
             */
            email?: string;
        };
        CredentialUsage: {
            repositories: {
                projectKey: string;
                projectName: string;
                owner: string;
                name: string;
            }[];
            startWork: {
                ticketKey: string;
                title: string;
            }[];
        };
        AvailableRepository: {
            owner: string;
            name: string;
            defaultBranch: string;
            private: boolean;
        };
        Repository: {
            /** Format: uuid */
            id: string;
            owner: string;
            name: string;
            defaultBranch: string;
            webUrl: string;
            credentialId: string | null;
        };
        NotificationPage: {
            items: components["schemas"]["Notification"][];
            unreadCount: number;
            nextCursor: string | null;
        };
        Notification: {
            /** Format: uuid */
            id: string;
            kind: components["schemas"]["NotificationKind"];
            ticket: {
                key: string;
                title: string;
            };
            /** @description Who caused it; null when Baton did (a webhook, a job) */
            actor: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            detail: string | null;
            createdAt: string;
            readAt: string | null;
        };
        /** @enum {string} */
        NotificationKind: "assigned" | "review_requested" | "mentioned" | "pr_merged" | "start_work_failed";
        User: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @description Shown to administrators only */
            email?: string;
            /** @description Shown to administrators only */
            role?: components["schemas"]["UserRole"];
            /** @description Shown to administrators only; set when the person can no longer sign in */
            deactivatedAt?: string | null;
            createdAt?: string;
        };
        /**
         * Role
         * @enum {string}
         */
        UserRole: "admin" | "member";
        Invitation: {
            /** Format: uuid */
            id: string;
            email: string;
            role: components["schemas"]["UserRole"];
            createdAt: string;
            expiresAt: string;
            invitedBy: string | null;
            expired: boolean;
        };
        WebhookInfo: {
            url: string;
            createdAt: string | null;
            previousAcceptedUntil: string | null;
            setup: {
                contentType: string;
                events: string[];
                steps: string[];
            };
        };
        DeliveryPage: {
            items: components["schemas"]["Delivery"][];
            rejectedCount: number;
            lastRejectedAt: string | null;
            nextCursor: string | null;
        };
        Delivery: {
            id: string;
            receivedAt: string;
            provider: string;
            event: string;
            action: string | null;
            deliveryId: string;
            verified: boolean;
            /** @enum {string} */
            outcome: "applied" | "ignored" | "duplicate" | "rejected" | "failed" | "pending";
            error: string | null;
            /** @description Later copies of the same delivery (same provider delivery id) that were not applied again */
            duplicates: number;
            lastDuplicateAt: string | null;
            /** @description The ticket the delivered pull request is linked to, once applied */
            ticket: {
                key: string;
                title: string;
            } | null;
        };
        Board: {
            columns: components["schemas"]["BoardColumn"][];
        };
        BoardColumn: {
            /** @enum {string} */
            status: "backlog" | "ready" | "in_progress" | "in_review" | "done";
            count: number;
            items: components["schemas"]["TicketSummary"][];
            /** @description the rest of the column: GET /api/projects/{projectId}/tickets?status=…&cursor=… with the same filters */
            nextCursor: string | null;
        };
        BoardChangeEvent: {
            ticketIds: string[];
        };
        RepositoryWebhook: {
            repositoryId: string;
            /** @description owner/name */
            repository: string;
            /**
             * @description pending: Baton is registering, updating or removing it; failed: see error and missingPermission; testing: a test was asked for and has not arrived; silent: reconciliation caught changes no webhook delivered in the last day; failing: the provider reports a failed delivery newer than any received; waiting: registered (or covered by an app’s webhook), nothing received yet
             * @enum {string}
             */
            status: "not-set-up" | "pending" | "failed" | "testing" | "silent" | "failing" | "healthy" | "waiting";
            /** @description baton: Baton registered it; hand: deliveries from this repository arrive but Baton did not set it up */
            registeredBy: ("baton" | "hand") | null;
            registeredByUserId: string | null;
            /** @description An app installed on the provider delivers this repository's events through its one webhook: no repository webhook is needed */
            coveredBy: {
                /** @description The webhook that covers the repository, as a sentence names it */
                name: string;
                /** @description Newest verified delivery about this repository through that webhook, when recorded */
                lastDeliveryAt: string | null;
            } | null;
            providerHookId: string | null;
            events: string[];
            registeredAt: string | null;
            /** @description Newest verified delivery to the project's webhook URL from this repository */
            lastDeliveryAt: string | null;
            /** @description Newest failed attempt in the provider's delivery log, where it keeps one */
            providerFailure: {
                at: string;
                message: string;
            } | null;
            error: string | null;
            /** @description The permission the credential lacks to manage webhooks */
            missingPermission: string | null;
            test: {
                requestedAt: string;
                passed: boolean;
            } | null;
            /** @description Ticket changes in the last day that reconciliation made because no webhook had */
            silentChanges: number;
            /** @description "Send test" is offered: Baton registered the webhook and the provider has a test call */
            canTest: boolean;
            /** @description Where the provider's API has no test call: how the webhook shows it works instead (null where it has one, or no webhook is known) */
            withoutTest: string | null;
        };
        Comment: {
            /** Format: uuid */
            id: string;
            /** @description null once the author is gone */
            author: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            /** @description markdown */
            body: string;
            createdAt: string;
        };
        GitHubAppConnection: {
            configured: boolean;
            connected: boolean;
            login: string | null;
            /** @description When the current user-to-server token expires (Baton renews it before then) */
            expiresAt: string | null;
            revokedAt: string | null;
            /** @description Why Baton no longer holds your tokens, when it does not */
            revokedReason: string | null;
        };
        GitHubAppInstallations: {
            configured: boolean;
            /** @description Whether you have authorised the GitHub App; only then are the installations your GitHub account can access listed */
            connected: boolean;
            /** @description What to do first when nothing can be listed for you (e.g. Connect GitHub account) */
            message: string | null;
            items: components["schemas"]["GitHubAppInstallation"][];
        };
        GitHubAppInstallation: {
            id: string;
            account: string;
            repositorySelection: string;
            /** @enum {string} */
            status: "active" | "suspended" | "uninstalled";
            repositories: {
                owner: string;
                name: string;
            }[];
        };
        Release: {
            /** Format: uuid */
            id: string;
            tag: string;
            name: string;
            url: string;
            publishedAt: string;
            prerelease: boolean;
            /** @description owner/name of the released repository */
            repository: string;
            /** @description tickets this release (or pre-release) shipped first: all their merged pull requests are in it */
            tickets: components["schemas"]["ShippedTicket"][];
            /** @description the tickets as a markdown list, ready to paste into release notes */
            notes: string;
        };
        ShippedTicket: {
            key: string;
            title: string;
            status: string;
        };
        IssueSync: {
            repositoryId: string;
            /** @description owner/name */
            repository: string;
            enabled: boolean;
            /** @enum {string} */
            direction: "both" | "import";
            labelFilter: string | null;
            /** @enum {string} */
            state: "open" | "all";
            /** @description New tickets of this repository open an issue (direction both) */
            createIssues: boolean;
            /** @description Whose token reads where no app is installed */
            enabledBy: {
                id: string;
                name: string;
            } | null;
            import: {
                /** @enum {string} */
                status: "idle" | "queued" | "running" | "done" | "failed";
                done: number;
                /** @description Estimated from the listing until the import ends (totalExact) */
                total: number | null;
                totalExact: boolean;
                /** @description "n of m" as shown, "~" before an estimate */
                progress: string | null;
                /** @description Why the import stopped, and what to do */
                error: string | null;
                startedAt: string | null;
                finishedAt: string | null;
            };
            reconciledAt: string | null;
        };
        IssueStatusMap: {
            /** @description Statuses that mean the issue is closed; the others mean open */
            closedStatuses: ("backlog" | "ready" | "in_progress" | "in_review" | "done")[];
            /**
             * @description Where a ticket moves when its issue is reopened
             * @enum {string}
             */
            openStatus: "backlog" | "ready" | "in_progress" | "in_review" | "done";
            /**
             * @description Where a ticket moves when its issue is closed
             * @enum {string}
             */
            closedStatus: "backlog" | "ready" | "in_progress" | "in_review" | "done";
        };
        TicketIssue: {
            /** @description owner/repo#123 */
            reference: string;
            url: string;
            /** @enum {string} */
            state: "open" | "closed";
            closeReason: ("completed" | "not_planned") | null;
            milestone: {
                number: number;
                title: string;
            } | null;
            /** @description person null: a login no Baton person has */
            assignees: {
                login: string;
                person: {
                    id: string;
                    name: string;
                } | null;
            }[];
            /** @description Why the issue is no longer synced (deleted, transferred) */
            gone: string | null;
            syncedAt: string;
        };
        AutomationSettings: {
            /** @description In order: the first rule that holds for the ticket’s PRs decides its status */
            rules: components["schemas"]["AutomationRule"][];
            /** @description The project has not saved rules of its own: these are the defaults */
            isDefault: boolean;
            defaults: components["schemas"]["AutomationRule"][];
            events: {
                /** @enum {string} */
                event: "pr_draft" | "pr_opened" | "review_requested" | "approved" | "changes_requested" | "checks_failing" | "checks_passing" | "merged" | "closed" | "all_merged";
                label: string;
            }[];
            statuses: {
                status: string;
                label: string;
            }[];
        };
        AutomationRule: {
            /**
             * @description What happened to a PR of the ticket (all_merged: every PR of the ticket that was not abandoned is merged)
             * @enum {string}
             */
            event: "pr_draft" | "pr_opened" | "review_requested" | "approved" | "changes_requested" | "checks_failing" | "checks_passing" | "merged" | "closed" | "all_merged";
            /** @description A pattern the PR’s target branch must match (*, **, ?, [a-z], {a,b}); null: any branch */
            branch: string | null;
            /** @description The status the ticket moves to */
            status: string;
        };
        AutomationPreview: {
            items: {
                ticketKey: string;
                ticketTitle: string;
                /** @description Where the ticket is now */
                status: string;
                pullRequest: {
                    number: number;
                    title: string;
                    state: string;
                    baseBranch: string;
                    url: string;
                };
                /** @description Where these rules put the ticket (its status now when they keep it there); null: no rule holds */
                moveTo: string | null;
                /** @description The rule that holds, in words; null when none does */
                rule: string | null;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;

/** The longest text (characters) or list (items) each request body field takes, by operation. */
export const inputLimits = {
    "POST /api/setup": {
        "token": 200,
        "email": 254,
        "name": 100,
        "password": 200
    },
    "POST /api/session": {
        "email": 254,
        "password": 200
    },
    "PATCH /api/me": {
        "name": 100
    },
    "POST /api/me/tokens": {
        "name": 100
    },
    "POST /api/projects": {
        "name": 100
    },
    "PATCH /api/projects/{projectId}": {
        "name": 100
    },
    "POST /api/projects/{projectId}/tickets": {
        "title": 200,
        "spec": 100000,
        "acceptanceCriteria": 100,
        "labelIds": 50
    },
    "PATCH /api/tickets/{ticketKey}": {
        "title": 200,
        "spec": 100000,
        "labelIds": 50,
        "acceptanceCriteria": 100
    },
    "POST /api/projects/{projectId}/labels": {
        "name": 50
    },
    "PATCH /api/projects/{projectId}/labels/{labelId}": {
        "name": 50
    },
    "POST /api/me/credentials": {
        "owner": 200,
        "token": 1000,
        "baseUrl": 500,
        "project": 200,
        "email": 200
    },
    "POST /api/projects/{projectId}/repositories": {
        "owner": 200,
        "name": 200
    },
    "POST /api/invitations": {
        "email": 254
    },
    "POST /api/invitations/inspect": {
        "token": 200
    },
    "POST /api/invitations/accept": {
        "token": 200,
        "name": 100,
        "password": 200
    },
    "POST /api/password-resets/accept": {
        "token": 200,
        "password": 200
    },
    "POST /api/me/password": {
        "currentPassword": 200,
        "newPassword": 200
    },
    "POST /api/tickets/{ticketKey}/comments": {
        "body": 20000
    },
    "POST /api/projects/{projectId}/github-app/repositories": {
        "owner": 200,
        "name": 200
    },
    "PUT /api/projects/{projectId}/issue-sync/status-map": {
        "closedStatuses": 5
    },
    "POST /api/projects/{projectId}/automation/preview": {
        "rules": 200
    }
} as const;
