import { useCallback, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KnowledgeArea } from '@shared/bank.ts';
import type {
  AssembledPaper,
  BankItemDetail,
  BankItemsPage,
  BankSummary,
  BlueprintCheck,
  ImportFormat,
  ImportJob,
  ImportResponse,
} from '@shared/banks-api.ts';
import type { Blueprint } from '@shared/blueprint.ts';
import type { ItemType, Level } from '@shared/domain.ts';
import { partsQueryKey } from './admin.ts';
import { api, apiErrorFrom, ApiError } from './http.ts';

/** The server refuses larger bodies (MAX_BANK_UPLOAD_BYTES); checking first saves a pointless upload. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['.yaml', '.yml', '.txt', '.gift', '.xml', '.xlsx', '.csv', '.tsv', '.zip'] as const;
export const IMPORT_FORMATS = ['native', 'gift', 'aiken', 'moodle-xml', 'qti12', 'qti21', 'qti30', 'xlsx', 'csv'] as const satisfies readonly ImportFormat[];

export interface ImportSettings {
  /** Undefined lets the server detect the format from the name and content. */
  format?: ImportFormat;
  idPrefix: string;
  levels: Level[];
  area: KnowledgeArea;
  difficulty: number;
  title?: string;
  /** "0=单选,1=多选": what a spreadsheet's numeric type codes mean. */
  typeCodes?: string;
}

export interface BankItemsFilter {
  q?: string;
  type?: ItemType;
  area?: KnowledgeArea;
  level?: Level;
  page: number;
  pageSize: number;
}

export const banksQueryKey = ['admin', 'banks'] as const;
export const bankItemsQueryKey = (bankId: number, filter: BankItemsFilter) => ['admin', 'banks', bankId, 'items', filter] as const;
export const bankItemQueryKey = (bankId: number, itemId: number) => ['admin', 'banks', bankId, 'item', itemId] as const;
export const blueprintsQueryKey = ['admin', 'blueprints'] as const;

/** Query string from the defined values only, so "any" filters are left out rather than sent empty. */
function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export const fetchBanks = () => api<BankSummary[]>('/api/admin/banks');
export const fetchBankItems = (bankId: number, filter: BankItemsFilter) =>
  api<BankItemsPage>(withQuery(`/api/admin/banks/${bankId}/items`, { ...filter }));
export const fetchBankItem = (bankId: number, itemId: number) => api<BankItemDetail>(`/api/admin/banks/${bankId}/items/${itemId}`);
export const fetchBlueprints = () => api<Blueprint[]>('/api/admin/blueprints');
export const checkBlueprint = (body: { bankId: number; blueprint: Blueprint }) => api<BlueprintCheck>('/api/admin/blueprints/check', { body });
export const assemblePaper = ({ sittingPartId, ...body }: { sittingPartId: number; bankId: number; blueprint: Blueprint; seed?: string }) =>
  api<AssembledPaper>(`/api/admin/parts/${sittingPartId}/paper`, { body });

/**
 * XMLHttpRequest rather than fetch: only it reports upload progress. The file goes as the raw
 * body and the settings as the query string, as the server expects.
 */
export function uploadBank(file: File, settings: ImportSettings, onProgress: (fraction: number) => void): Promise<ImportJob> {
  const url = withQuery('/api/admin/banks/import-jobs', {
    fileName: file.name,
    format: settings.format,
    idPrefix: settings.idPrefix,
    levels: settings.levels.join(','),
    area: settings.area,
    difficulty: settings.difficulty,
    title: settings.title,
    typeCodes: settings.typeCodes,
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        /* not JSON: apiErrorFrom still gives a translatable code */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body !== null) resolve(body as ImportJob);
      else reject(apiErrorFrom(xhr.status, body, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Upload failed'));
    xhr.ontimeout = () => reject(new ApiError(0, 'TIMEOUT', 'Upload timed out'));
    xhr.send(file);
  });
}

export function useBanks() {
  return useQuery({ queryKey: banksQueryKey, queryFn: fetchBanks });
}

export function useBankItems(bankId: number, filter: BankItemsFilter) {
  // Keep the previous page on screen while the next one loads, so the table does not jump.
  return useQuery({ queryKey: bankItemsQueryKey(bankId, filter), queryFn: () => fetchBankItems(bankId, filter), placeholderData: keepPreviousData });
}

export function useBankItem(bankId: number, itemId: number | null) {
  return useQuery({
    queryKey: bankItemQueryKey(bankId, itemId ?? 0),
    queryFn: () => fetchBankItem(bankId, itemId ?? 0),
    enabled: itemId !== null,
  });
}

export function useBlueprints() {
  // Shipped with the server: they only change with a deployment.
  return useQuery({ queryKey: blueprintsQueryKey, queryFn: fetchBlueprints, staleTime: Infinity });
}

export const fetchImportJob = (id: string) => api<ImportJob>(`/api/admin/banks/import-jobs/${id}`);
export const cancelImportJob = (id: string) => api<ImportJob>(`/api/admin/banks/import-jobs/${id}`, { method: 'DELETE' });

const POLL_MS = 500;

/** The job's end: its result, or its refusal as the same keyed error a request would give. */
function outcome(job: ImportJob): ImportResponse {
  if (job.state === 'done' && job.result) return job.result;
  const error = job.error ?? { key: 'job.failed', message: 'the import failed' };
  const key = error.key === 'invalidFile' ? 'bank.invalidFile' : `bankImport.${error.key}`;
  throw apiErrorFrom(400, { error: { code: 'BAD_REQUEST', message: error.message, key, params: error.params, issues: error.issues } }, 'Bad Request');
}

/**
 * The import mutation: the upload (progress 0..1; null before the first upload), then the server's
 * import job, watched until it ends (`job` holds its stage) and cancellable. The last values stay
 * so the bar still shows how far it got; reset() clears them.
 */
export function useImportBank() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ file, settings }: { file: File; settings: ImportSettings }) => {
      setProgress(0);
      setJob(null);
      let current = await uploadBank(file, settings, setProgress);
      setJob(current);
      while (current.state === 'running') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        current = await fetchImportJob(current.id);
        setJob(current);
      }
      return outcome(current);
    },
    onSuccess: (response) => {
      if (response.bank) void queryClient.invalidateQueries({ queryKey: banksQueryKey });
    },
  });
  const { reset } = mutation;
  const jobId = job?.state === 'running' ? job.id : null;
  return {
    ...mutation,
    progress,
    job,
    /** Asks the server to stop the running import; the watch loop then sees it cancelled. */
    cancel: useCallback(() => {
      if (jobId) void cancelImportJob(jobId).then(setJob, () => undefined);
    }, [jobId]),
    reset: useCallback(() => {
      reset();
      setProgress(null);
      setJob(null);
    }, [reset]),
  };
}

export function useCheckBlueprint() {
  return useMutation({ mutationFn: checkBlueprint });
}

export function useAssemblePaper() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: assemblePaper,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: partsQueryKey }),
  });
}
