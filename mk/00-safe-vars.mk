# Issue 15, class 1: the variables a user sets on the make command line or
# in the environment (VEC=, CFG=, N=, SEED=, ...) reach shell recipes
# unquoted. Included first, before any makefile assigns them, this file sees
# only the user's values and refuses, with one line naming the variable,
# any value holding a character a shell would interpret (; & | < > ( ) ` ' "
# \ * ? [ ] { } ~ ! # blanks, line breaks) or a '$' (make itself would run
# a $(shell ...) hidden in it). Numbers must be plain whole numbers, so that
# SEED=-1 or N=1e20 stop here with the variable named (the programs they
# reach check them strictly too). docs/bad-inputs.md lists the cases.

, := ,
_sv_digits := 0 1 2 3 4 5 6 7 8 9
_sv_alnum  := a b c d e f g h i j k l m n o p q r s t u v w x y z \
              A B C D E F G H I J K L M N O P Q R S T U V W X Y Z $(_sv_digits)
_sv_path   := $(_sv_alnum) . _ / + , : = @ % -
_sv_words  := $(_sv_alnum) . _ = -
define _sv_nl


endef

# $(call _sv_strip,TEXT,CHARS): TEXT without any of CHARS (blanks stay)
_sv_strip = $(if $(2),$(call _sv_strip,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,200,$(2))),$(1))

# $(call _sv_check,VAR,CHARS,WHAT,ONE-WORD)
define _sv_check
$(if $(findstring $$,$(value $(1))),$(error $(1): a '$$' is not allowed in this value (it would be expanded by make)))
$(if $(findstring $(_sv_nl),$(value $(1))),$(error $(1): a line break is not allowed in this value))
$(if $(strip $(call _sv_strip,$($(1)),$(2))),$(error $(1)='$($(1))': $(3)))
$(if $(4),$(if $(filter-out 0 1,$(words $($(1)))),$(error $(1)='$($(1))': $(3) (one word, no blanks))))
endef

_sv_user = $(filter command line environment environment override override,$(origin $(1)))

$(foreach v,VEC CFG LIB EDAP_MODEL VERILATOR VALGRIND FUZZ_CC FUZZ_OUT SCHED PARTITION,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_path),use a path or name of letters$(,) digits and ._/+$(,):=@%- only,1))))
$(foreach v,N SEED CTRL_SEED CTRL_RANDOM JOBS MUT_N MUT_JOBS FUZZ_SECONDS MUT_PROOF_SECONDS SWEEP_JOBS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a whole number (digits only),1))))
$(foreach v,EDAP_REUSE,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_alnum) $(,) :,not a reuse list (e.g. 2$(,)4$(,)6 or 5:3),1))))
$(foreach v,RTL_DEFINES TB_ARGS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_words),use words of letters$(,) digits and ._=- only,))))
