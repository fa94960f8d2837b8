import { Button, Group, Paper, Text } from '@mantine/core';
import { IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Installation } from '../../api/api-types';
import { formatNumber } from '../../i18n/format';
import { AddToAudienceDialog } from '../audiences/add-to-audience-dialog';
import { AUDIENCE_MODULES, MAX_RECORDS_PER_ADDITION, type AudienceModule } from '../audiences/audiences-api';
import { useInstallations } from '../installations/installations-api';
import type { ChosenRecords } from './record-selection';
import type { RecordModule } from './records-api';

interface BulkActionsBarProps {
  module: RecordModule;
  chosen: ChosenRecords;
  /** How many records the list's search and filter match. */
  matching: number;
  onSelectAllMatching: () => void;
  selectingAll: boolean;
  onClear: () => void;
}

/** What can be done to the chosen records: for contacts and leads, add them to a vendor list. */
export function BulkActionsBar({
  module,
  chosen,
  matching,
  onSelectAllMatching,
  selectingAll,
  onClear,
}: BulkActionsBarProps) {
  const { t, i18n } = useTranslation();
  const installations = useInstallations();
  const [target, setTarget] = useState<Installation | null>(null);
  const n = (value: number) => formatNumber(value, i18n.language);
  const audiences = AUDIENCE_MODULES.includes(module)
    ? (installations.data ?? []).filter((installation) => installation.status === 'ACTIVE')
    : [];
  const canSelectAll = matching > chosen.size && matching <= MAX_RECORDS_PER_ADDITION;
  return (
    <Paper withBorder p="xs" role="region" aria-label={t('bulk.label')}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600} aria-live="polite">
            {t('bulk.selected', { count: chosen.size, formatted: n(chosen.size) })}
          </Text>
          {canSelectAll && (
            <Button variant="subtle" size="xs" onClick={onSelectAllMatching} loading={selectingAll}>
              {t('bulk.selectAll', { count: matching, formatted: n(matching) })}
            </Button>
          )}
          <Button variant="subtle" size="xs" color="gray" onClick={onClear}>
            {t('bulk.clear')}
          </Button>
        </Group>
        <Group gap="xs">
          {audiences.map((installation) => (
            <Button
              key={installation.id}
              size="xs"
              leftSection={<IconUsersPlus size={16} aria-hidden />}
              onClick={() => setTarget(installation)}
              title={installation.account?.label ?? undefined}
            >
              {t('audience.title', {
                name: installation.connector.name,
                noun: installation.connector.listNoun.toLowerCase(),
              })}
            </Button>
          ))}
        </Group>
      </Group>
      {target && (
        <AddToAudienceDialog
          installation={target}
          module={module as AudienceModule}
          records={chosen}
          opened
          onClose={() => setTarget(null)}
        />
      )}
    </Paper>
  );
}
