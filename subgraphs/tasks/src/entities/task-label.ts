import { Entity, Index, ManyToOne, PrimaryKeyProp, type Rel } from '@mikro-orm/core';
import { Label } from './label.js';
import { Task } from './task.js';

/** A label on a task; deleting either removes it. */
@Entity({ tableName: 'task_labels' })
@Index({ properties: ['label'] })
export class TaskLabel {
  [PrimaryKeyProp]?: ['task', 'label'];

  @ManyToOne(() => Task, { primary: true, deleteRule: 'cascade' })
  task: Rel<Task>;

  @ManyToOne(() => Label, { primary: true, deleteRule: 'cascade' })
  label: Rel<Label>;

  constructor(task: Rel<Task>, label: Rel<Label>) {
    this.task = task;
    this.label = label;
  }
}
