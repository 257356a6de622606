import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** What this subgraph knows of a project, from the projects subgraph's events. */
@Entity({ tableName: 'project_replicas' })
export class ProjectReplica {
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'text', default: '' })
  name: string = '';

  @Property({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;

  constructor(id: string) {
    this.id = id;
  }
}
