import type { ProjectRoleName } from '@taskgraph/contracts';
import { type EntityReference, notFound, parseArgument, parseId, type RequestContext, ResolveReference } from '@taskgraph/kit';
import { type ProjectAccess, viewerRoles } from '@taskgraph/memberships';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Label } from '../entities/label.js';
import { labelsById } from '../loaders.js';
import { labelColor, labelName } from './inputs.js';

@Resolver(() => Label)
export class LabelResolver {
  constructor(private readonly deps: { access: ProjectAccess }) {}

  /** A label another subgraph points at is shown only to members of its project. */
  @ResolveReference()
  async reference(reference: EntityReference, ctx: RequestContext): Promise<Label | null> {
    const label = await ctx.loader(labelsById).load(parseId(reference.id));
    return label && (await ctx.loader(viewerRoles).load(label.projectId)) ? label : null;
  }

  @Mutation(() => Label, { description: 'MEMBER or higher. Names are unique in a project, whatever their case (CONFLICT).' })
  async createLabel(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('name', () => String) name: string,
    @Arg('color', () => String, { description: '"#rrggbb"' }) color: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Label> {
    ctx.requireViewer();
    const project = parseId(projectId, 'projectId');
    const label = new Label(project, parseArgument('name', labelName, name), parseArgument('color', labelColor, color));
    await this.deps.access.require(ctx, project, 'MEMBER', 'Project', { change: true });
    return ctx.transaction(async (em) => {
      em.persist(label);
      return label;
    });
  }

  @Mutation(() => Label, { description: 'MEMBER or higher; a field left out stays as it is.' })
  async updateLabel(
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String, { nullable: true }) name: string | null | undefined,
    @Arg('color', () => String, { nullable: true }) color: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Label> {
    const changes = {
      ...(name === null || name === undefined ? {} : { name: parseArgument('name', labelName, name) }),
      ...(color === null || color === undefined ? {} : { color: parseArgument('color', labelColor, color) }),
    };
    const label = await this.requireLabel(ctx, id, 'MEMBER');
    return ctx.transaction(async (em) => {
      Object.assign(label, changes);
      em.persist(label);
      return label;
    });
  }

  @Mutation(() => ID, { description: 'MEMBER or higher; the label comes off every task that had it. Returns its id.' })
  async deleteLabel(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    const label = await this.requireLabel(ctx, id, 'MEMBER');
    await ctx.transaction(async (em) => em.remove(label));
    return label.id;
  }

  private async requireLabel(ctx: RequestContext, id: string, minimum: ProjectRoleName): Promise<Label> {
    ctx.requireViewer();
    const label = await ctx.loader(labelsById).load(parseId(id));
    if (!label) throw notFound('Label');
    await this.deps.access.require(ctx, label.projectId, minimum, 'Label', { change: true });
    return label;
  }
}
