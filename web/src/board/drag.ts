/**
 * Native HTML5 drag and drop of cards: what a dragged card carries, and where a drop lands among a column's cards.
 * The keyboard does the same through each card's Move menu (Card.tsx).
 */
import type { DragEvent } from 'react';

const cardType = 'application/x-taskgraph-task';

export function startDrag(event: DragEvent, taskId: string): void {
  event.dataTransfer.setData(cardType, taskId);
  event.dataTransfer.effectAllowed = 'move';
}

/** Whether a card is being dragged over (its id can only be read on the drop itself). */
export const carriesCard = (event: DragEvent) => event.dataTransfer.types.includes(cardType);

export const draggedTaskId = (event: DragEvent): string => event.dataTransfer.getData(cardType);

/**
 * How many of the column's other cards stay above the drop: those whose middle is above the pointer. `list` holds
 * one element per card (`data-task-id`), in order.
 */
export function dropIndex(list: HTMLElement, clientY: number, draggedId: string): number {
  const cards = [...list.querySelectorAll<HTMLElement>('[data-task-id]')].filter((card) => card.dataset.taskId !== draggedId);
  return cards.filter((card) => {
    const box = card.getBoundingClientRect();
    return box.top + box.height / 2 < clientY;
  }).length;
}
