// The queries bench/search_size.mjs and bench/search_breakdown.mjs measure: one to six
// terms, simplified and traditional, common and rare words of the synthetic archive.
export const QUERIES = [
  '加装电梯', '群租整治', '社区', '梯', '加裝電梯', '２号线', '居民满意度明显提升',
  '物业 业委会', '楼组长 加装电梯 议事会', '邻里调解 社区民警 居民代表 志愿者队伍',
  '东华大学 反诈宣传', '参加人数', '2023', '形成了可复制的经验',
  '居民区党总支 上门走访征求意见 业委会 物业公司 问题清单 邻里关系更加和睦',
  '為回應居民的急難愁盼 聯合開展專項整治',
];
