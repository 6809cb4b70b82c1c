// The ties view container's tree views (Follow-ups, Contacts, This week) and the status bar item.
// They ask the server through `ServerAccess` and refresh on events (diagnostics, saves, a server
// start), never on a timer. Grouping, ordering and labels live in followups.ts, contacts.ts and
// plan.ts.

import * as vscode from 'vscode';
import { type Answer, problemOf } from './availability';
import { SERVER_COMMANDS } from './constants';
import { type Contact, contactText, type ContactGroup, GOING_COLD, groupContacts, parseContacts } from './contacts';
import { type FollowUp, type Group, groupFollowUps, groupLabel, localDate, parseFollowUps, statusText, treeItemText } from './followups';
import type { Range } from './json';
import { parsePlan, type PlanItem } from './plan';

/** What a server command answered. */
export type { Answer };

/** The extension's way to the server, as the views need it. */
export interface ServerAccess {
  /** Runs a server command without any notification: the caller says what went wrong. */
  run(command: string, args?: unknown[]): Promise<Answer>;
  /** Fires when the server starts or stops. */
  readonly onDidChangeRunning: vscode.Event<boolean>;
}

export const VIEW_IDS = { followUps: 'ties.followUps', contacts: 'ties.contacts', plan: 'ties.plan' } as const;
export const OPEN_LOCATION = 'ties.openLocation';
/** How long the views wait after the last change before asking the server again. */
const REFRESH_DELAY_MS = 800;

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function openCommand(uri: string, range: Range, title: string): vscode.Command {
  return { command: OPEN_LOCATION, title, arguments: [uri, range] };
}

/** Opens `uri` with `range` selected (the views' click). */
export async function openLocation(uri: string, range: Range, column?: vscode.ViewColumn): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: toRange(range), preview: true, ...(column === undefined ? {} : { viewColumn: column }) });
}

type FollowUpNode = { kind: 'group'; group: Group } | { kind: 'item'; item: FollowUp };

class FollowUpsProvider implements vscode.TreeDataProvider<FollowUpNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: Group[] = [];

  set(groups: Group[]): void {
    this.groups = groups;
    this.changed.fire();
  }

  getTreeItem(node: FollowUpNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const state =
        node.group.items.length === 0
          ? vscode.TreeItemCollapsibleState.None
          : node.group.id === 'overdue' || node.group.id === 'today'
            ? vscode.TreeItemCollapsibleState.Expanded
            : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(groupLabel(node.group), state);
      item.id = `group:${node.group.id}`;
      item.contextValue = 'ties.followUpGroup';
      return item;
    }
    const f = node.item;
    const text = treeItemText(f);
    const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
    item.description = text.description;
    item.tooltip = text.tooltip;
    item.iconPath = new vscode.ThemeIcon(f.overdue ? 'warning' : 'circle-large-outline');
    item.contextValue = 'ties.followUp';
    item.command = openCommand(f.uri, f.range, 'Open the follow-up');
    return item;
  }

  /** The groups at the root; a group's items only when it is expanded. */
  getChildren(node?: FollowUpNode): FollowUpNode[] {
    if (node === undefined) {
      return this.groups.map((group) => ({ kind: 'group', group }));
    }
    return node.kind === 'group' ? node.group.items.map((item) => ({ kind: 'item', item })) : [];
  }
}

type ContactNode = { kind: 'group'; group: ContactGroup } | { kind: 'contact'; contact: Contact; group: string };

class ContactsProvider implements vscode.TreeDataProvider<ContactNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: ContactGroup[] = [];

  set(groups: ContactGroup[]): void {
    this.groups = groups;
    this.changed.fire();
  }

  getTreeItem(node: ContactNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const cold = node.group.label === GOING_COLD;
      const item = new vscode.TreeItem(
        `${node.group.label} (${node.group.contacts.length})`,
        cold ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `contacts:${node.group.label}`;
      item.iconPath = new vscode.ThemeIcon(cold ? 'flame' : 'organization');
      return item;
    }
    const c = node.contact;
    const text = contactText(c, node.group);
    const item = new vscode.TreeItem(text.label, vscode.TreeItemCollapsibleState.None);
    item.description = text.description;
    item.tooltip = text.tooltip;
    item.iconPath = new vscode.ThemeIcon(c.goingCold ? 'person' : 'account');
    item.contextValue = 'ties.contact';
    item.command = openCommand(c.uri, c.range, 'Open the contact note');
    return item;
  }

  getChildren(node?: ContactNode): ContactNode[] {
    if (node === undefined) {
      return this.groups.map((group) => ({ kind: 'group', group }));
    }
    return node.kind === 'group' ? node.group.contacts.map((contact) => ({ kind: 'contact', contact, group: node.group.label })) : [];
  }
}

class PlanProvider implements vscode.TreeDataProvider<PlanItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: PlanItem[] = [];

  set(items: PlanItem[]): void {
    this.items = items;
    this.changed.fire();
  }

  getTreeItem(p: PlanItem): vscode.TreeItem {
    const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.None);
    item.description = p.reason;
    item.tooltip = [p.reason === '' ? p.name : `${p.name}: ${p.reason}`, p.action].filter((t) => t !== '').join('\n');
    item.iconPath = new vscode.ThemeIcon('calendar');
    item.contextValue = 'ties.contact';
    item.command = openCommand(p.at.uri, p.at.range, 'Open where the reason shows');
    return item;
  }

  getChildren(p?: PlanItem): PlanItem[] {
    return p === undefined ? this.items : [];
  }
}

/** The tree views and the status bar item, refreshed together. */
export class Views implements vscode.Disposable {
  private readonly followUps = new FollowUpsProvider();
  private readonly contacts = new ContactsProvider();
  private readonly plan = new PlanProvider();
  private readonly followUpsView: vscode.TreeView<FollowUpNode>;
  private readonly contactsView: vscode.TreeView<ContactNode>;
  private readonly planView: vscode.TreeView<PlanItem>;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  /** Whether the workspace holds a `ties.toml` (found once at start). */
  private vaultMarker = false;

  constructor(
    private readonly server: ServerAccess,
    private readonly today: () => string = () => localDate(new Date()),
  ) {
    this.followUpsView = vscode.window.createTreeView(VIEW_IDS.followUps, { treeDataProvider: this.followUps, showCollapseAll: true });
    this.contactsView = vscode.window.createTreeView(VIEW_IDS.contacts, { treeDataProvider: this.contacts, showCollapseAll: true });
    this.planView = vscode.window.createTreeView(VIEW_IDS.plan, { treeDataProvider: this.plan });
    this.status = vscode.window.createStatusBarItem('ties.status', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'ties';
    this.status.command = `${VIEW_IDS.followUps}.focus`;
    this.status.tooltip = 'ties: open follow-ups';
    this.disposables.push(
      this.followUpsView,
      this.contactsView,
      this.planView,
      this.status,
      server.onDidChangeRunning(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument((d) => d.languageId === 'markdown' && this.schedule()),
      vscode.workspace.onDidCreateFiles(() => this.schedule()),
      vscode.workspace.onDidDeleteFiles(() => this.schedule()),
      vscode.workspace.onDidRenameFiles(() => this.schedule()),
      // A hidden view is not asked; it catches up when it is shown.
      this.contactsView.onDidChangeVisibility((e) => e.visible && this.schedule(0)),
      this.planView.onDidChangeVisibility((e) => e.visible && this.schedule(0)),
    );
    void Promise.resolve(vscode.workspace.findFiles('**/ties.toml', '**/node_modules/**', 1)).then(
      (found) => {
        this.vaultMarker = Array.isArray(found) && found.length > 0;
        this.schedule(0);
      },
      () => undefined,
    );
  }

  /** Asks the server again after `delay` ms of quiet. */
  schedule(delay = REFRESH_DELAY_MS): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  /** Refreshes now; a refresh asked for while one runs runs once more after it. */
  refresh(): Promise<void> {
    if (this.refreshing !== undefined) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.refreshOnce();
      } while (this.again);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    const answer = await this.server.run(SERVER_COMMANDS.followUps);
    const items = answer.kind === 'ok' ? parseFollowUps(answer.value) : [];
    this.followUpsView.message = problemOf(answer, 'The follow-ups view', SERVER_COMMANDS.followUps) ?? (items.length === 0 ? 'No open follow-ups.' : undefined);
    this.followUps.set(answer.kind === 'ok' ? groupFollowUps(items, this.today()) : []);
    this.updateStatus(answer, items);

    if (this.contactsView.visible) {
      const a = await this.server.run(SERVER_COMMANDS.contacts);
      const contacts = a.kind === 'ok' ? parseContacts(a.value) : [];
      this.contactsView.message = problemOf(a, 'The contacts view', SERVER_COMMANDS.contacts) ?? (contacts.length === 0 ? 'No contacts yet.' : undefined);
      this.contacts.set(groupContacts(contacts));
    }
    if (this.planView.visible) {
      const a = await this.server.run(SERVER_COMMANDS.plan);
      const plan = a.kind === 'ok' ? parsePlan(a.value) : [];
      this.planView.message = problemOf(a, 'The plan', SERVER_COMMANDS.plan) ?? (plan.length === 0 ? 'Nothing planned this week.' : undefined);
      this.plan.set(plan);
    }
  }

  private updateStatus(answer: Answer, items: FollowUp[]): void {
    // No vault (no ties.toml, nothing to follow up) or no server: no status item.
    if (answer.kind !== 'ok' || (!this.vaultMarker && items.length === 0)) {
      this.status.hide();
      return;
    }
    const text = statusText(items);
    const overdue = items.some((f) => f.overdue);
    this.status.text = `${overdue ? '$(warning)' : '$(check)'} ${text}`;
    this.status.show();
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** The tree item's follow-up or contact, as handed to a context-menu command. */
export function followUpOf(node: unknown): FollowUp | undefined {
  const n = node as FollowUpNode | undefined;
  return n?.kind === 'item' ? n.item : undefined;
}

export function contactOf(node: unknown): { uri: string; range: Range } | undefined {
  const n = node as ContactNode | PlanItem | undefined;
  if (n !== undefined && 'kind' in n) {
    return n.kind === 'contact' ? n.contact : undefined;
  }
  return n !== undefined && typeof n.uri === 'string' ? n : undefined;
}
