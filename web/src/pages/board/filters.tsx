// The board's filters and search, kept in the URL so a board can be linked, reloaded and shared.
import { type RefObject, useEffect, useState } from 'react';
import { MemberOptions } from '../../components/options.tsx';
import { Button } from '../../components/ui.tsx';
import { PR_LABEL, PRIORITIES, PRIORITY_LABEL } from '../../format.ts';
import { navigate } from '../../router.tsx';
import type { BoardFilter } from '../../services/board.ts';
import type { Label, Member, Priority, PrState, Repository } from '../../types.ts';
import { LabelFilter } from './label-filter.tsx';

/** The URL's name for each filter. */
const PARAM = { assigneeId: 'assignee', reviewerId: 'reviewer', repositoryId: 'repo', prState: 'pr', labelId: 'label', priority: 'priority', q: 'q' } as const;
type FilterName = keyof typeof PARAM;
const PR_STATES: PrState[] = ['open', 'draft', 'merged', 'closed'];
const SEARCH_DELAY_MS = 250;

export function filterFromUrl(search: URLSearchParams): BoardFilter {
  const filter: BoardFilter = {};
  for (const [name, param] of Object.entries(PARAM) as Array<[FilterName, string]>) {
    const value = search.get(param)?.trim();
    if (value) filter[name] = value;
  }
  return filter;
}

function setInUrl(name: FilterName, value: string): void {
  const params = new URLSearchParams(window.location.search);
  if (value) params.set(PARAM[name], value);
  else params.delete(PARAM[name]);
  const q = params.toString();
  navigate(`${window.location.pathname}${q ? `?${q}` : ''}`, { replace: true });
}

export const isFiltered = (filter: BoardFilter) => Object.values(filter).some(Boolean);

export function BoardFilters({
  filter,
  members,
  repositories,
  labels,
  searchRef,
}: {
  filter: BoardFilter;
  members: Member[];
  repositories: Repository[];
  labels: Label[];
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const [text, setText] = useState(filter.q ?? '');
  // On a phone the selects fold away behind one button, so the first screen shows tickets.
  const [open, setOpen] = useState(false);
  const active = (['assigneeId', 'reviewerId', 'repositoryId', 'prState', 'labelId', 'priority'] as const).filter((n) => filter[n]).length;
  // Several priorities come from a link (the API takes them); the select shows them as one choice.
  const priorities = filter.priority?.split(',') ?? [];
  // The URL follows the typing once it pauses, so each keystroke does not read the board.
  useEffect(() => {
    if (text.trim() === (filter.q ?? '')) return;
    const t = window.setTimeout(() => setInUrl('q', text.trim()), SEARCH_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [text, filter.q]);

  const select = (name: FilterName, label: string, options: React.ReactNode, everyone = 'Any') => (
    <label className="inline-field">
      <span>{label}</span>
      <select value={filter[name] ?? ''} onChange={(e) => setInUrl(name, e.target.value)}>
        <option value="">{everyone}</option>
        {options}
      </select>
    </label>
  );

  return (
    <search className="board-filters" aria-label="Filter the board">
      <label className="board-search">
        <span className="sr-only">Search tickets</span>
        <input
          ref={searchRef}
          id="board-search"
          type="search"
          placeholder="Search key, title, spec  ( / )"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') setInUrl('q', text.trim());
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
      </label>
      <Button className="board-filters-toggle" aria-expanded={open} aria-controls="board-filter-selects" onClick={() => setOpen(!open)}>
        Filters{active ? ` (${active})` : ''}
      </Button>
      <div className="board-filter-selects" id="board-filter-selects" data-open={open || undefined}>
        {select(
          'assigneeId',
          'Assignee',
          <>
            <option value="none">Unassigned</option>
            <MemberOptions members={members} />
          </>,
          'Everyone',
        )}
        {select(
          'reviewerId',
          'Reviewer',
          <>
            <option value="none">No reviewer</option>
            <MemberOptions members={members} />
          </>,
          'Everyone',
        )}
        {repositories.length > 0 &&
          select(
            'repositoryId',
            'Repository',
            <>
              <option value="none">No repository</option>
              {repositories.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.owner}/{r.name}
                </option>
              ))}
            </>,
          )}
        {labels.length > 0 && (
          <LabelFilter labels={labels} selected={filter.labelId?.split(',') ?? []} onChange={(ids) => setInUrl('labelId', ids.join(','))} />
        )}
        {select(
          'priority',
          'Priority',
          <>
            {priorities.length > 1 && <option value={filter.priority}>{priorities.map((p) => PRIORITY_LABEL[p as Priority] ?? p).join(' or ')}</option>}
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </>,
        )}
        {select(
          'prState',
          'Pull request',
          <>
            <option value="none">No pull request</option>
            {PR_STATES.map((s) => (
              <option key={s} value={s}>
                {PR_LABEL[s]}
              </option>
            ))}
          </>,
        )}
      </div>
    </search>
  );
}
