# moto_server as the local stack runs it (infra/local/moto.ts), with three changes:
# - one request at a time: the stock server is threaded and its TransactWriteItems rolls back by
#   restoring a copy of the whole table taken before the transaction, so two concurrent transactions
#   erase each other's committed writes (seen here: a concurrent debit lost). DynamoDB serialises
#   transactions; so does a single-threaded moto, while clients still send concurrently;
# - the rollback of TransactWriteItems restores only the items the transaction names (each at most
#   once, as DynamoDB requires) instead of deep-copying the whole table first: the stock copy costs
#   time in proportion to the table (39 ms at 1,000 items, 472 ms at 12,000), so a burst of files
#   slowed down as the table grew;
# - a call counter by operation (DynamoDB target, S3 method), failures (`<op>:failed`) and the items of
#   batches and transactions (`<op>:items`) counted apart, and the ledger's transactions
#   (`TransactWriteItems:ledger`, refused: `TransactWriteItems:ledger:failed`), read at GET /_local/calls: the burst
#   benchmark and the cost test count calls with it.
import copy
import io
import json
import sys

import moto.dynamodb.models as models
import moto.server as server
from moto.dynamodb.models.dynamo_type import DynamoType

original = models.DynamoDBBackend.transact_write_items
g = original.__globals__
real_copy = g["copy"]


class NoTableCopy:
    """Stands in for the module's `copy` inside transact_write_items: the 'backup' is the live table."""

    @staticmethod
    def deepcopy(obj, memo=None):
        return obj


def item_key(table, op_type, op):
    attrs = op["Item"] if op_type == "Put" else op["Key"]
    h = DynamoType(attrs[table.hash_key_attr])
    r = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
    return h, r


def transact_write_items(self, items):
    saved = []
    for entry in items:
        if not isinstance(entry, dict) or len(entry) != 1:
            continue
        op_type, op = next(iter(entry.items()))
        table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
        if table is None:
            continue
        try:
            h, r = item_key(table, op_type, op)
        except (KeyError, TypeError):
            continue
        current = table.get_item(h, r) if (r is not None or not table.range_key_attr) else None
        saved.append((table, h, r, copy.deepcopy(current)))
    g["copy"] = NoTableCopy
    try:
        return original(self, items)
    except Exception:
        # Undo in reverse order, so an item named twice (refused by the check) ends as it was.
        for table, h, r, before in reversed(saved):
            if r is None:
                if before is None:
                    table.items.pop(h, None)
                else:
                    table.items[h] = before
            elif before is None:
                table.items.get(h, {}).pop(r, None)
            else:
                table.items[h][r] = before
        raise
    finally:
        g["copy"] = real_copy


models.DynamoDBBackend.transact_write_items = transact_write_items

calls = {}


def counted(app):
    def wsgi(environ, start_response):
        if environ.get("PATH_INFO") == "/_local/calls":
            body = json.dumps(calls).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        target = environ.get("HTTP_X_AMZ_TARGET")
        op = target.split(".")[-1] if target else "S3:" + environ.get("REQUEST_METHOD", "?")
        calls[op] = calls.get(op, 0) + 1
        if op in ("BatchWriteItem", "TransactWriteItems", "BatchGetItem", "TransactGetItems"):
            # Items per call, for request units (a batch or transaction is billed by its items).
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(size)
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                req = json.loads(body)
                if op == "BatchWriteItem":
                    n = sum(len(v) for v in req.get("RequestItems", {}).values())
                elif op == "BatchGetItem":
                    n = sum(len(v.get("Keys", [])) for v in req.get("RequestItems", {}).values())
                else:
                    n = len(req.get("TransactItems", []))
                    # The points ledger's own transactions (its items live in LEDGER# partitions).
                    if any(
                        str(next(iter(t.values()), {}).get("Key", next(iter(t.values()), {}).get("Item", {})).get("PK", {}).get("S", "")).startswith("LEDGER#")
                        for t in req.get("TransactItems", [])
                    ):
                        op = op + ":ledger"
                        calls[op] = calls.get(op, 0) + 1
                calls[op.split(":")[0] + ":items"] = calls.get(op.split(":")[0] + ":items", 0) + n
            except ValueError:
                pass

        def start(status, headers, exc_info=None):
            if not status.startswith("2") and not status.startswith("3"):
                calls[op + ":failed"] = calls.get(op + ":failed", 0) + 1
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return wsgi


run = server.run_simple


def run_single(host, port, app, *a, **k):
    return run(host, port, counted(app), *a, **{**k, "threaded": False})


server.run_simple = run_single
sys.exit(server.main(sys.argv[1:]))
