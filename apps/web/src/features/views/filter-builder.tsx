import { ActionIcon, Button, Fieldset, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http-client';
import { ConditionValueInput } from './condition-value-input';
import { fieldLabel } from './field-labels';
import { newCondition, withOperator } from './filter-model';
import {
  isGroup,
  type FilterCondition,
  type FilterField,
  type FilterGroup,
  type FilterOperator,
} from './filter-types';
import { usePicklists } from './views-api';

interface FilterBuilderProps {
  fields: FilterField[];
  value: FilterGroup;
  onChange: (filter: FilterGroup) => void;
  /** The list's last failure: its `filter.conditions.N.*` problems show on their rows. */
  error: unknown;
}

/** Ids of other records are not something a person types; the builder leaves those fields out. */
const isReference = (field: FilterField) => field.field === 'id' || field.field.endsWith('Id');

const DATE_WORDING: FilterOperator[] = ['eq', 'gt', 'gte', 'lt', 'lte'];

export function operatorLabel(operator: FilterOperator, field: FilterField, t: TFunction): string {
  return field.type === 'date' && DATE_WORDING.includes(operator)
    ? t(`filters.dateOperators.${operator}`)
    : t(`filters.operators.${operator}`);
}

/** AND/OR conditions over a module's fields, each a field, an operator and a value. */
export function FilterBuilder({ fields, value, onChange, error }: FilterBuilderProps) {
  const { t } = useTranslation();
  const offered = useMemo(() => fields.filter((field) => !isReference(field)), [fields]);
  const picklists = usePicklists(fields.some((field) => field.picklist));
  const fieldOptions = offered.map((field) => ({ value: field.field, label: fieldLabel(field, t) }));
  const problemsAt = (index: number) =>
    error instanceof ApiError
      ? error.reasonsFor(`filter.conditions.${index}`).join('; ') || undefined
      : undefined;

  const setConditions = (conditions: FilterGroup['conditions']) => onChange({ ...value, conditions });
  const replace = (index: number, next: FilterCondition) =>
    setConditions(value.conditions.map((node, i) => (i === index ? next : node)));
  const remove = (index: number) => setConditions(value.conditions.filter((_, i) => i !== index));
  const optionsOf = (field: FilterField) =>
    field.values ??
    picklists.data
      ?.find((picklist) => picklist.key === field.picklist)
      ?.values.filter((entry) => entry.active)
      .map((entry) => entry.value);

  return (
    <Fieldset legend={t('filters.title')} variant="filled" p="sm">
      <Stack gap="xs">
        {value.conditions.length > 1 && (
          <Group gap="xs">
            <Text size="sm" id="filter-match-label">
              {t('filters.match')}
            </Text>
            <SegmentedControl
              size="xs"
              aria-labelledby="filter-match-label"
              value={value.op}
              onChange={(op) => onChange({ ...value, op: op as FilterGroup['op'] })}
              data={[
                { value: 'and', label: t('filters.all') },
                { value: 'or', label: t('filters.any') },
              ]}
            />
          </Group>
        )}
        {value.conditions.map((node, index) => {
          const position = index + 1;
          const removeButton = (
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={() => remove(index)}
              aria-label={t('filters.remove', { position })}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          );
          if (isGroup(node))
            return (
              <Group key={index} gap="xs">
                <Text size="sm">{t('filters.nestedGroup', { count: node.conditions.length })}</Text>
                {removeButton}
              </Group>
            );
          const field = fields.find((candidate) => candidate.field === node.field);
          return (
            <Group
              key={index}
              gap="xs"
              align="flex-start"
              wrap="wrap"
              role="group"
              aria-label={t('filters.condition', { position })}
            >
              <Select
                aria-label={t('filters.field', { position })}
                size="sm"
                w={220}
                data={fieldOptions}
                value={node.field}
                allowDeselect={false}
                searchable
                onChange={(name) => {
                  const next = fields.find((candidate) => candidate.field === name);
                  if (next) replace(index, newCondition(next));
                }}
              />
              {field && (
                <>
                  <Select
                    aria-label={t('filters.operator', { position })}
                    size="sm"
                    w={180}
                    allowDeselect={false}
                    data={field.operators.map((operator) => ({
                      value: operator,
                      label: operatorLabel(operator, field, t),
                    }))}
                    value={node.operator}
                    onChange={(operator) =>
                      operator && replace(index, withOperator(node, field, operator as FilterOperator))
                    }
                  />
                  <ConditionValueInput
                    field={field}
                    condition={node}
                    options={optionsOf(field)}
                    label={t('filters.value', { position })}
                    error={problemsAt(index)}
                    onChange={(next) => replace(index, { ...node, value: next })}
                  />
                </>
              )}
              {removeButton}
            </Group>
          );
        })}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            disabled={offered.length === 0}
            onClick={() => setConditions([...value.conditions, newCondition(offered[0])])}
          >
            {t('filters.add')}
          </Button>
          {value.conditions.length > 0 && (
            <Button variant="subtle" size="xs" onClick={() => setConditions([])}>
              {t('filters.clear')}
            </Button>
          )}
        </Group>
      </Stack>
    </Fieldset>
  );
}
