import { connectionTypes } from '@taskgraph/kit';
import { Project } from '../entities/project.js';

export const { Connection: ProjectConnection, Edge: ProjectEdge } = connectionTypes(Project, 'Project');
