# Sourced by the benches, after `set -uo pipefail`: a Release build of everything, `simul` to run
# the orchestrator from it, and `out`, the bench's folder (its first argument, else
# reports/NAME-<time> for the NAME given here), made.
#   source "$(dirname "$0")/release.sh" NAME "$@"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${2:-reports/$1-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
dotnet build -c Release Simul.slnx -v q -nologo >/dev/null || exit 1

simul() { dotnet run -c Release --no-build --project orchestrator -- "$@"; }
