/** Frames lines in a box so a one-time message stands out among the start-up logs. */
export function credentialsBox(title: string, lines: string[]): string {
  const width = Math.max(title.length, ...lines.map((line) => line.length));
  const rule = '─'.repeat(width + 2);
  const row = (text: string) => `│ ${text.padEnd(width)} │`;
  return ['', `┌${rule}┐`, row(title), `├${rule}┤`, ...lines.map(row), `└${rule}┘`, ''].join('\n');
}
