// Sign-in sessions, stored by the SHA-256 of their token.
import type { Executor } from '../database.ts';

/** Ends every session of the user. */
export const deleteSessionsOfUser = (tx: Executor, userId: string) => tx.deleteFrom('sessions').where('user_id', '=', userId).execute();

/** Ends every session of the user but the one with id `keepId` (the one they are using). */
export const deleteSessionsOfUserExcept = (tx: Executor, userId: string, keepId: string) =>
  tx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keepId).execute();
