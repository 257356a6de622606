import { ChangeSetType, type EventSubscriber, type FlushEventArgs, type TransactionEventArgs } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { OutboxEvent } from './outbox-event.js';

/**
 * Wakes the relay after every commit that wrote outbox rows, whoever ran the transaction (a
 * request, an event handler, a background job): the ORM's commit is the one place every
 * transaction passes, so no caller has to remember to, and rows written by the relay itself
 * (marking them sent) never wake it.
 */
/**
 * A transaction context as something to remember: knex's transaction is a function (it can be
 * called as a query builder), so "is an object" alone would take every transaction for none
 * and wake the relay before the commit, which then looked too early and waited for its poll.
 */
function transactionOf(context: unknown): object | null {
  return (typeof context === 'object' || typeof context === 'function') && context !== null ? context : null;
}

export function wakeRelayOnCommit(orm: MikroORM, wake: () => void): void {
  // Knex transactions whose flushes inserted outbox rows, until they commit or are dropped.
  const pending = new WeakSet<object>();
  const subscriber: EventSubscriber = {
    afterFlush({ em, uow }: FlushEventArgs): void {
      if (!uow.getChangeSets().some((change) => change.type === ChangeSetType.CREATE && change.entity instanceof OutboxEvent)) return;
      const transaction = transactionOf(em.getTransactionContext());
      // A flush outside a transaction ran in one of its own, already committed.
      if (transaction) pending.add(transaction);
      else wake();
    },
    afterTransactionCommit({ transaction }: TransactionEventArgs): void {
      const committed = transactionOf(transaction);
      if (committed && pending.delete(committed)) wake();
    },
  };
  orm.em.getEventManager().registerSubscriber(subscriber);
}
