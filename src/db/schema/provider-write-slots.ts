/** The next free moment for a write with one provider token (keyed by a hash of the token), shared by every process. */
export interface ProviderWriteSlotsTable {
  key: string;
  /** Epoch milliseconds. */
  next_at: number;
}
