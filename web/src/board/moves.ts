/**
 * Moving a card (by dragging it, or with its Move menu): `moveTask` with an optimistic answer, so the card is in its
 * new place at once. The optimistic position is a key between its new neighbours' (the server picks its own, in the
 * same order); should the server refuse, Apollo drops the optimistic layer and the card is back where it was.
 */
import { useApolloClient, useMutation } from '@apollo/client/react';
import { generateKeyBetween } from 'fractional-indexing';
import { useState } from 'react';
import type { TaskCardFragment, TaskStatus } from '../gql/graphql';
import { placeTask } from './cache';
import { BoardColumnDocument, MoveTaskDocument } from './documents';
import { type BoardFilters, columnVariables } from './filters';
import { statusLabels } from './statuses';

export interface Neighbours {
  /** The card it goes right after (none: the top of the column). */
  after: TaskCardFragment | undefined;
  /** The card it goes right before (none: the bottom). */
  before: TaskCardFragment | undefined;
}

export interface Moves {
  /** `last`: to the bottom of the column (of the whole column, loaded or not). */
  move(task: TaskCardFragment, status: TaskStatus, neighbours: Neighbours | 'last'): void;
  /** What the last move did, for screen readers, or why it failed. */
  announcement: string;
  error: unknown;
}

export function useMoves(projectId: string, filters: BoardFilters): Moves {
  const client = useApolloClient();
  const [moveTask, { error }] = useMutation(MoveTaskDocument);
  const [announcement, setAnnouncement] = useState('');

  /** The last card loaded of the column, to place a card after it until the server says where it went. */
  const lastShown = (status: TaskStatus, taskId: string) =>
    client.cache
      .readQuery({ query: BoardColumnDocument, variables: columnVariables(projectId, status, filters) })
      ?.project?.tasks.edges.filter((edge) => edge.node.id !== taskId)
      .at(-1)?.node;

  const move = (task: TaskCardFragment, status: TaskStatus, neighbours: Neighbours | 'last') => {
    const { after, before } = neighbours === 'last' ? { after: lastShown(status, task.id), before: undefined } : neighbours;
    const position = generateKeyBetween(after?.position ?? null, before?.position ?? null);
    const where =
      neighbours === 'last' ? 'at the bottom' : before ? `before “${before.title}”` : after ? `after “${after.title}”` : 'at the top';
    void moveTask({
      variables: {
        id: task.id,
        ...(status === task.status ? {} : { status }),
        ...(neighbours === 'last' ? {} : before ? { beforeTaskId: before.id } : after ? { afterTaskId: after.id } : {}),
      },
      // The card carries its __typename, so the optimistic task is normalized onto the real one.
      optimisticResponse: { __typename: 'Mutation', moveTask: { ...task, status, position } },
      update: (cache, { data }) => {
        if (data) placeTask(cache, projectId, data.moveTask, filters);
      },
    }).then(
      () => setAnnouncement(`Moved “${task.title}” to ${statusLabels[status]}, ${where}.`),
      () => setAnnouncement(`“${task.title}” could not be moved: it is back where it was.`),
    );
  };
  return { move, announcement, error };
}
