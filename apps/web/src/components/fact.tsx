import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A label and its value in a description list (`<dl>`): a record's field, an installation's account. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}
