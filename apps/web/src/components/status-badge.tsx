import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A status as a light badge; dark text of its colour keeps the contrast above 4.5:1. Never cut
 * short: a narrow table column grows instead ("Unsubscribed by the person" must stay readable).
 */
export function StatusBadge({ color, children }: { color: string; children: ReactNode }) {
  return (
    <Badge
      color={color}
      variant="light"
      c={`${color}.9`}
      maw="none"
      styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } }}
    >
      {children}
    </Badge>
  );
}
