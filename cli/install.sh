#!/usr/bin/env bash
# Installs cnet, the ComputeNet command-line client, for the current user (no root needed):
#   the jar        -> $PREFIX/share/computenet/cli/cnet.jar
#   the launcher   -> $PREFIX/bin/cnet
#   bash completion-> $PREFIX/share/bash-completion/completions/cnet
# PREFIX defaults to ~/.local. Build the jar first: ./mvnw -pl cli -am package -DskipTests
# Usage: cli/install.sh [path/to/cnet.jar]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${PREFIX:-$HOME/.local}
jar=${1:-$here/target/cnet.jar}
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with ./mvnw -pl cli -am package -DskipTests" >&2
  exit 1
fi
install -d "$prefix/bin" "$prefix/share/computenet/cli" "$prefix/share/bash-completion/completions"
install -m 0644 "$jar" "$prefix/share/computenet/cli/cnet.jar"
install -m 0755 "$here/bin/cnet" "$prefix/bin/cnet"
"$prefix/bin/cnet" generate-completion > "$prefix/share/bash-completion/completions/cnet"
echo "Installed cnet $("$prefix/bin/cnet" --version | sed 's/^cnet //') as $prefix/bin/cnet"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "Add $prefix/bin to your PATH, e.g.: echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.bashrc" ;;
esac
echo "Shell completion: new bash shells load it; for zsh add to ~/.zshrc:"
echo "  autoload -U +X bashcompinit && bashcompinit && source $prefix/share/bash-completion/completions/cnet"
