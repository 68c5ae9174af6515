// The API function's handlers, by the operationId of the routes (routes.ts, fn: 'api') it serves.
import type { Handlers } from './route.js';
import * as audit from './routes/audit.js';
import * as corrections from './routes/corrections.js';
import * as evidence from './routes/evidence.js';
import * as me from './routes/me.js';
import * as months from './routes/months.js';
import * as points from './routes/points.js';
import * as sites from './routes/sites.js';
import * as upload from './routes/upload.js';
import * as workflow from './routes/workflow.js';

export const API_HANDLERS: Handlers = {
  listSites: sites.list,
  putSite: sites.put,
  deleteSite: sites.remove,
  getMonth: months.view,
  getMonthHistory: months.history,
  presignUpload: upload.upload,
  getMonthAudit: audit.month,
  getMonthAuditCsv: audit.monthCsv,
  getLines: months.lines,
  adjustLine: months.adjust,
  correctCompany: corrections.company,
  correctFirstTier: corrections.firstTier,
  correctWorker: corrections.worker,
  forceImport: corrections.forceImport,
  reviewDoubleEmployer: corrections.doubleEmployer,
  excludeFromMonth: corrections.exclude,
  revalidate: corrections.revalidate,
  report: workflow.report,
  apply: workflow.apply,
  approve: workflow.approve,
  reject: workflow.reject,
  creditPayment: points.payment,
  getBalances: points.balances,
  getLedger: points.ledger,
  getContractorAudit: audit.contractor,
  getContractorAuditCsv: audit.contractorCsv,
  getStatement: points.statement,
  putSiteContract: evidence.putContract,
  getSiteContract: evidence.getContract,
  putContractorSettings: evidence.settings,
  convertStamps: evidence.stamps,
  getLedgerBook: evidence.book,
  getSiteReport: evidence.site,
  getSubcontractorReport: evidence.subcontractors,
  getPurchaseReceipt: evidence.receipt,
  getMyTasks: me.tasks,
  getMyNotices: me.notices,
};
