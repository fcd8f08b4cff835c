/** Projects (cached in main, so they show offline) and entities (actors, products, visual styles). */
import { create } from 'zustand';
import type { EntityView, ProjectView } from '../../main/contract';
import { api } from '../transport/client';
import { toastError } from './ui';

interface StudioState {
  projects: ProjectView[];
  projectsLoaded: boolean;
  refreshing: boolean;
  entities: EntityView[];
  entitiesLoaded: boolean;
}

export const useStudio = create<StudioState>(() => ({ projects: [], projectsLoaded: false, refreshing: false, entities: [], entitiesLoaded: false }));

export async function loadProjects(): Promise<void> {
  const projects = await api().invoke('projects.list', {});
  useStudio.setState({ projects, projectsLoaded: true });
}

/** Reads every project from VideoGen (the cached list stays when offline). */
export async function refreshProjects(): Promise<void> {
  useStudio.setState({ refreshing: true });
  try {
    const projects = await api().invoke('projects.refresh', {});
    useStudio.setState({ projects, projectsLoaded: true });
  } catch (err) {
    toastError('Refreshing projects', err);
  } finally {
    useStudio.setState({ refreshing: false });
  }
}

export async function loadEntities(): Promise<void> {
  try {
    const entities = await api().invoke('entities.list', {});
    useStudio.setState({ entities, entitiesLoaded: true });
  } catch (err) {
    useStudio.setState({ entitiesLoaded: true });
    toastError('Loading actors & styles', err);
  }
}

export function replaceEntity(e: EntityView): void {
  useStudio.setState((s) => ({ entities: [e, ...s.entities.filter((x) => x.entityId !== e.entityId)] }));
}

export function dropEntity(entityId: string): void {
  useStudio.setState((s) => ({ entities: s.entities.filter((x) => x.entityId !== entityId) }));
}
