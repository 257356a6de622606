import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@taskgraph/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
@Directive('@key(fields: "id")')
@Entity({ tableName: 'labels' })
// Names are unique in a project whatever their case: "Bug" and "bug" are one label to a reader.
@Index({
  name: 'labels_project_id_name_unique',
  expression: 'create unique index "labels_project_id_name_unique" on "labels" ("project_id", lower("name"))',
})
export class Label {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'uuid' })
  projectId: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name: string;

  @Field(() => String, { description: '"#rrggbb"' })
  @Property({ type: 'text' })
  color: string;

  constructor(projectId: string, name: string, color: string) {
    this.projectId = projectId;
    this.name = name;
    this.color = color;
  }
}
