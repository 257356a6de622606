import { connectionTypes } from '@taskgraph/kit';
import { Project } from '../entities/project.js';

export const { Connection: ProjectConnection } = connectionTypes(Project, 'Project');
