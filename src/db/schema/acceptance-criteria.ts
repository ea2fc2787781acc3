export interface AcceptanceCriteriaTable {
  id: string;
  ticket_id: string;
  position: number;
  text: string;
  done: number;
}
