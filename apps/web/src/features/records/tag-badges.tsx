import { Badge, Group } from '@mantine/core';

/** A record's tags as outlined badges. */
export function TagBadges({ tags, label }: { tags: string[]; label?: string }) {
  return (
    <Group gap={4} aria-label={label} role={label ? 'list' : undefined}>
      {tags.map((tag) => (
        <Badge
          key={tag}
          size="sm"
          variant="outline"
          color="gray"
          c="dark.6"
          role={label ? 'listitem' : undefined}
        >
          {tag}
        </Badge>
      ))}
    </Group>
  );
}
