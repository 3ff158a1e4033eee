package samtemplate

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMakeBuildsStaticArm64Bootstrap runs the target SAM's makefile builder
// calls (BuildMethod: makefile) and checks that its bootstrap runs on
// provided.al2023 arm64: an aarch64 ELF with no dynamic loader, stripped of
// its symbol table and debug information.
func TestMakeBuildsStaticArm64Bootstrap(t *testing.T) {
	out := t.TempDir()
	cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "-C", repoRoot(t),
		"build-"+functionID, "ARTIFACTS_DIR="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make build-%s: %v\n%s", functionID, err, b)
	}
	path := filepath.Join(out, "bootstrap")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o111 == 0 {
		t.Errorf("bootstrap is not executable (mode %v)", info.Mode())
	}
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("bootstrap is not an ELF file: %v", err)
	}
	defer f.Close()

	if f.Class != elf.ELFCLASS64 || f.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is %v %v, want ELFCLASS64 EM_AARCH64", f.Class, f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("bootstrap has a %v segment: it is dynamically linked", p.Type)
		}
	}
	for _, name := range []string{".symtab", ".debug_info"} {
		if f.Section(name) != nil {
			t.Errorf("bootstrap has a %s section: it is not stripped", name)
		}
	}
}
