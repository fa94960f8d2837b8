import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http-client';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import type { FilterGroup, SavedView, SortSpec, ViewModule } from './filter-types';
import { useCreateView, useDeleteView, useSavedViews, useUpdateView } from './views-api';

interface SavedViewsBarProps {
  module: ViewModule;
  active: SavedView | null;
  onSelect: (view: SavedView | null) => void;
  /** What the list shows now: saved as a new view, or into the active one. */
  filter: FilterGroup;
  sort: SortSpec[];
  /** The list differs from the active view (or no view is active and a filter is set). */
  dirty: boolean;
}

/** Choose a saved view of the module, save the current filter as one, update or delete it. */
export function SavedViewsBar({ module, active, onSelect, filter, sort, dirty }: SavedViewsBarProps) {
  const { t } = useTranslation();
  const { currentUser } = useAuth();
  const views = useSavedViews(module);
  const update = useUpdateView(module);
  const remove = useDeleteView(module);
  const [saving, setSaving] = useState(false);
  const canEdit = (view: SavedView) => currentUser?.profile.isAdmin || view.ownerId === currentUser?.user.id;

  const saveChanges = (view: SavedView) =>
    update.mutate(
      { id: view.id, filter, sort },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', message: t('views.saved', { name: saved.name }) });
          onSelect(saved);
        },
        onError: (error) => notifications.show({ color: 'red', message: error.message }),
      },
    );

  const confirmDelete = (view: SavedView) =>
    modals.openConfirmModal({
      title: t('views.deleteTitle', { name: view.name }),
      children: <Text size="sm">{t('views.deleteHelp')}</Text>,
      labels: { confirm: t('views.delete'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(view.id, {
          onSuccess: () => onSelect(null),
          onError: (error) => notifications.show({ color: 'red', message: error.message }),
        }),
    });

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label={t('views.label')}
        w={260}
        data={[
          { value: '', label: t('views.all') },
          ...(views.data ?? []).map((view) => ({
            value: view.id,
            label: view.shared ? view.name : t('views.private', { name: view.name }),
          })),
        ]}
        value={active?.id ?? ''}
        allowDeselect={false}
        onChange={(id) => onSelect(views.data?.find((view) => view.id === id) ?? null)}
        error={views.isError ? views.error.message : undefined}
        placeholder={views.isPending ? t('states.loading') : undefined}
      />
      {active && dirty && canEdit(active) && (
        <Button variant="light" loading={update.isPending} onClick={() => saveChanges(active)}>
          {t('views.saveChanges')}
        </Button>
      )}
      {(dirty || !active) && filter.conditions.length > 0 && (
        <Button
          variant="default"
          leftSection={<IconDeviceFloppy size={16} aria-hidden />}
          onClick={() => setSaving(true)}
        >
          {t('views.saveAs')}
        </Button>
      )}
      {active && canEdit(active) && (
        <Button variant="subtle" color="red" onClick={() => confirmDelete(active)} loading={remove.isPending}>
          {t('views.delete')}
        </Button>
      )}
      <SaveViewDialog
        module={module}
        opened={saving}
        filter={filter}
        sort={sort}
        onClose={() => setSaving(false)}
        onSaved={(view) => {
          setSaving(false);
          onSelect(view);
        }}
      />
    </Group>
  );
}

interface SaveViewDialogProps {
  module: ViewModule;
  opened: boolean;
  filter: FilterGroup;
  sort: SortSpec[];
  onClose: () => void;
  onSaved: (view: SavedView) => void;
}

function SaveViewDialog({ module, opened, filter, sort, onClose, onSaved }: SaveViewDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(true);
  const create = useCreateView(module);
  const apiError = create.error instanceof ApiError ? create.error : null;
  const fieldError = (field: string) => apiError?.reasonsFor(field).join('; ') || undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { module, name, filter, sort: sort.length ? sort : undefined, shared },
      {
        onSuccess: (view) => {
          notifications.show({ color: 'green', message: t('views.saved', { name: view.name }) });
          setName('');
          create.reset();
          onSaved(view);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('views.saveTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('views.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={120}
            required
            data-autofocus
            error={fieldError('name')}
          />
          <Checkbox
            label={t('views.shared')}
            description={t('views.sharedHelp')}
            checked={shared}
            onChange={(event) => setShared(event.currentTarget.checked)}
          />
          {create.error && !apiError?.reasonsFor('name').length && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>
              {t('views.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
