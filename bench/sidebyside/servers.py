"""Servers of the side-by-side benchmark, started on a free loopback port and stopped on exit."""
import os
import subprocess
import time
import socket
import tempfile


class FastServer:
    """bench/sidebyside/fast-server.mjs: stateless, JSON or SSE answers, N tools in pages of 100."""

    def __init__(self, node, script, mode='json', tools=10000):
        self.command = [node, script, '--port', '0', '--mode', mode, '--tools', str(tools)]
        self.process = None
        self.url = ''

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith('listening '):
            self.process.kill()
            raise RuntimeError(f'the fast server did not start: {line!r}')
        self.url = f'http://127.0.0.1:{int(line.split()[1])}/mcp'
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)

    def ensure(self):
        """The URL, after starting the server again if its process is gone (another job on a shared
        machine may end Node processes; a benchmark run should not die of it). Returns (url, restarted)."""
        if self.process.poll() is None:
            return self.url, False
        self.__enter__()
        return self.url, True


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class EverythingServer:
    """The MCP reference server (server-everything, pinned in tests/peers), Streamable HTTP on /mcp."""

    def __init__(self, node, peers_dir):
        self.command = [node, os.path.join(peers_dir, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
                        'streamableHttp']
        self.process = None
        self.url = ''

    def __enter__(self):
        port = free_port()
        self.log = open(os.path.join(tempfile.gettempdir(), 'portico-bench-everything.log'), 'w')
        self.process = subprocess.Popen(self.command, env={**os.environ, 'PORT': str(port)},
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f'http://127.0.0.1:{port}/mcp'
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(('127.0.0.1', port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError('server-everything did not start')

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        if hasattr(self, 'log'):
            self.log.close()
