// Release notes a person can paste: a heading with the release and its date, one line per ticket.

export function releaseNotes(release: { tag: string; name: string; publishedAt: string }, tickets: Array<{ key: string; title: string }>): string {
  const title = release.name === release.tag ? release.tag : `${release.name} (${release.tag})`;
  const lines = [`## ${title} — ${release.publishedAt.slice(0, 10)}`, ''];
  if (tickets.length === 0) lines.push('No tickets.');
  for (const t of tickets) lines.push(`- ${t.key}: ${t.title.replace(/\s+/g, ' ').trim()}`);
  return `${lines.join('\n')}\n`;
}
